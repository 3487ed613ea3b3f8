import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { exportPriceListItems } from '~/domain/sales/price-list-spreadsheet.server'
import { exportFormatOf, spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { DomainError } from '~/utils/errors'
import { refusal } from '~/utils/refusal.server'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.view')
  try {
    const id = args.params.id ?? ''
    const format = exportFormatOf(new URL(args.request.url), actor.locale)
    const file = await exportPriceListItems(actor, id, format)
    await recordDownload({ actor, ip: args.context.ip }, { action: 'price_list.exported', entityType: 'price_list', entityId: id, after: { format } })
    return spreadsheetResponse(file)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw refusal('not_found', actor.locale)
    throw err
  }
}
