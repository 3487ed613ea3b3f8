import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireDealer } from '~/auth/guards.server'
import { channelTemplate } from '~/domain/channel/channel-export.server'
import { spreadsheetResponse } from '~/ui/catalog/export-response.server'

/** The upload's template (?format=xlsx|csv): the columns, and a row per product to fill in. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const format = new URL(args.request.url).searchParams.get('format') === 'csv' ? 'csv' : 'xlsx'
  return spreadsheetResponse(await channelTemplate(actor, format))
}
