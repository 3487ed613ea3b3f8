import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { exportPriceListItems } from '~/domain/sales/price-list-spreadsheet.server'
import { exportFormatOf, spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { DomainError } from '~/utils/errors'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.view')
  try {
    return spreadsheetResponse(await exportPriceListItems(actor, args.params.id ?? '', exportFormatOf(new URL(args.request.url))))
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw err
  }
}
