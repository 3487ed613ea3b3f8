import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { exportProducts, importTemplate } from '~/domain/catalog/catalog-export.server'
import { productFiltersFrom } from '~/domain/catalog/catalog.queries.server'
import { productListOptions } from '~/domain/catalog/catalog.validation'
import { exportFormatOf, spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { parseListParams } from '~/utils/list-params'

// Resource route: the product list as a spreadsheet, with the list's own search and filters.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const url = new URL(args.request.url)
  const format = exportFormatOf(url, actor.locale)
  if (url.searchParams.get('template') === '1') return spreadsheetResponse(await importTemplate(actor, 'products', format))
  const filters = productFiltersFrom(parseListParams(url, productListOptions))
  const file = await exportProducts(actor, filters, format)
  await recordDownload({ actor, ip: args.context.ip }, { action: 'products.exported', entityType: 'product', after: { format, filters } })
  return spreadsheetResponse(file)
}
