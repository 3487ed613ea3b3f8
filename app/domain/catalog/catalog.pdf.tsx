// The product catalog as a printed document: a pure component over the same DTOs as the list page.
import { StyleSheet, Text, View } from '@react-pdf/renderer'
import { DocumentLayout, PdfTable, type Bilingual, type PdfColumn } from '~/pdf/document-layout'
import { unitName } from '~/i18n/units'
import { rateToPercent } from './catalog.rules'
import type { ProductListItem } from './catalog.queries.server'

export interface CatalogPdfLabels {
  title: Bilingual
  sku: Bilingual
  nameEn: Bilingual
  nameZh: Bilingual
  category: Bilingual
  unit: Bilingual
  taxRate: Bilingual
  /** e.g. "共 20 项 · 20 products" */
  count: string
  empty: string
  inactive: string
}

export interface CatalogPdfProps {
  org: { nameEn: string; nameZh: string }
  generatedAt: string
  labels: CatalogPdfLabels
  products: ProductListItem[]
  /** The list's search and filters, so a printout says what it is a selection of. */
  selection?: string
}

const styles = StyleSheet.create({
  summary: { flexDirection: 'row', justifyContent: 'space-between', marginBottom: 6, fontSize: 8, color: '#64748b' },
  empty: { marginTop: 24, textAlign: 'center', color: '#64748b' },
})

// The document is read in either language, as its headers are: a unit we have names for prints both ("套 / set"), any other once, as typed.
function bilingualUnit(unit: string): string {
  const zh = unitName(unit, 'zh-CN')
  const en = unitName(unit, 'en')
  return zh === en ? zh : `${zh} / ${en}`
}

export function CatalogPdf({ org, generatedAt, labels, products, selection }: CatalogPdfProps) {
  const columns: PdfColumn<ProductListItem>[] = [
    { key: 'sku', header: labels.sku, width: '13%', render: (p) => (p.active ? p.sku : [p.sku, labels.inactive]) },
    { key: 'nameEn', header: labels.nameEn, width: '27%', render: (p) => p.nameEn },
    { key: 'nameZh', header: labels.nameZh, width: '22%', render: (p) => p.nameZh },
    { key: 'category', header: labels.category, width: '20%', render: (p) => [p.categoryNameZh, `${p.categoryCode} · ${p.categoryNameEn}`] },
    { key: 'unit', header: labels.unit, width: '8%', render: (p) => bilingualUnit(p.unit) },
    { key: 'taxRate', header: labels.taxRate, width: '10%', align: 'right', render: (p) => `${rateToPercent(p.taxRate)}%` },
  ]
  return (
    <DocumentLayout org={org} title={labels.title} generatedAt={generatedAt}>
      <View style={styles.summary}>
        <Text>{labels.count}</Text>
        {selection ? <Text>{selection}</Text> : null}
      </View>
      {products.length ? <PdfTable columns={columns} rows={products} rowKey={(p) => p.id} /> : <Text style={styles.empty}>{labels.empty}</Text>}
    </DocumentLayout>
  )
}
