import type { Actor } from '~/auth/roles'
import { i18nServer } from '~/i18n/i18next.server'
import { renderPdf } from '~/pdf/render.server'
import { formatDateTime } from '~/utils/dates'
import { assertCatalogViewer } from './catalog-access.server'
import { dateStamp } from '~/utils/dates'
import { productsMatching, type ProductFilters } from './catalog.queries.server'
import { CatalogPdf, type CatalogPdfLabels } from './catalog.pdf'

/** The catalog PDF of the products the list's filters match, labelled in both languages. */
export async function renderCatalogPdf(actor: Actor, filters: ProductFilters): Promise<{ body: Buffer; fileName: string }> {
  assertCatalogViewer(actor)
  const [products, zh, en] = await Promise.all([
    productsMatching(actor, filters),
    i18nServer.getFixedT('zh-CN', 'catalog'),
    i18nServer.getFixedT('en', 'catalog'),
  ])
  const both = (key: string) => ({ zh: zh(key), en: en(key) })
  const labels: CatalogPdfLabels = {
    title: both('pdf.title'),
    sku: both('pdf.sku'),
    nameEn: both('pdf.nameEn'),
    nameZh: both('pdf.nameZh'),
    category: both('pdf.category'),
    unit: both('pdf.unit'),
    taxRate: both('pdf.taxRate'),
    count: `${zh('pdf.count', { count: products.length })} · ${en('pdf.count', { count: products.length })}`,
    empty: `${zh('pdf.empty')} · ${en('pdf.empty')}`,
    inactive: `${zh('pdf.inactive')} ${en('pdf.inactive')}`,
  }
  const now = new Date()
  const generatedAt = `${zh('pdf.generatedAt')} ${en('pdf.generatedAt')}: ${formatDateTime(now, actor.locale, actor.timeZone)} (${actor.timeZone})`
  const selection = [filters.q && `“${filters.q}”`, filters.category, filters.status && `${zh(`pdf.status.${filters.status}`)} ${en(`pdf.status.${filters.status}`)}`]
    .filter(Boolean)
    .join(' · ')
  const body = await renderPdf(
    <CatalogPdf org={actor.org} generatedAt={generatedAt} labels={labels} products={products} selection={selection || undefined} />,
  )
  return { body, fileName: `product-catalog-${dateStamp(actor.timeZone, now)}.pdf` }
}
