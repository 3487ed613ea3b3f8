import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireDealer } from '~/auth/guards.server'
import { channelTemplate } from '~/domain/channel/channel-export.server'
import { spreadsheetResponse } from '~/ui/catalog/export-response.server'

/** The upload's template (?format=xlsx|csv): the columns, and a row per product to fill in. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const format = new URL(args.request.url).searchParams.get('format') === 'csv' ? 'csv' : 'xlsx'
  const file = await channelTemplate(actor, format)
  // Unlike the console's blank templates this one lists every active product, so it is data that left.
  await recordDownload({ actor, ip: args.context.ip }, { action: 'channel_stock.template.exported', entityType: 'channel_stock_report', after: { format } })
  return spreadsheetResponse(file)
}
