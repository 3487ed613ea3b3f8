import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { productFiltersFrom } from '~/domain/catalog/catalog.queries.server'
import { productListOptions } from '~/domain/catalog/catalog.validation'
import { renderCatalogPdf } from '~/domain/catalog/render-catalog-pdf.server'
import { pdfResponse } from '~/pdf/render.server'
import { parseListParams } from '~/utils/list-params'

// Resource route /console/products.pdf: the bilingual catalog of the products the list shows.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const filters = productFiltersFrom(parseListParams(new URL(args.request.url), productListOptions))
  const { body, fileName } = await renderCatalogPdf(actor, filters)
  await recordDownload({ actor, ip: args.context.ip }, { action: 'products.exported', entityType: 'product', after: { format: 'pdf', filters } })
  return pdfResponse(body, fileName)
}
