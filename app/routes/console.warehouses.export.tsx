import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { exportWarehouses, importTemplate } from '~/domain/catalog/catalog-export.server'
import { warehouseListOptions } from '~/domain/catalog/catalog.validation'
import { exportFormatOf, spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { parseListParams } from '~/utils/list-params'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const url = new URL(args.request.url)
  const format = exportFormatOf(url, actor.locale)
  if (url.searchParams.get('template') === '1') return spreadsheetResponse(await importTemplate(actor, 'warehouses', format))
  const q = parseListParams(url, warehouseListOptions).q
  const file = await exportWarehouses(actor, q, format)
  await recordDownload({ actor, ip: args.context.ip }, { action: 'warehouses.exported', entityType: 'warehouse', after: { format, q } })
  return spreadsheetResponse(file)
}
