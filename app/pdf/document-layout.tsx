// The frame every printed document shares (catalog, and later PO, quote, contract): a pure component.
import { Document, Page, StyleSheet, Text, View } from '@react-pdf/renderer'
import type { ReactNode } from 'react'

export const PDF_FONT = 'NotoSansSC'

/** Both languages of one label, shown together on bilingual documents. */
export interface Bilingual {
  zh: string
  en: string
}

export const colors = { text: '#0f172a', muted: '#64748b', rule: '#cbd5e1', band: '#f1f5f9', accent: '#4f46e5' }

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT, fontSize: 9, color: colors.text, paddingTop: 28, paddingBottom: 48, paddingHorizontal: 36 },
  header: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end', paddingBottom: 8, marginBottom: 12, borderBottomWidth: 1.5, borderBottomColor: colors.accent },
  orgZh: { fontSize: 12, fontWeight: 700 },
  orgEn: { fontSize: 8.5, color: colors.muted, marginTop: 1 },
  titleBlock: { alignItems: 'flex-end' },
  titleZh: { fontSize: 15, fontWeight: 700 },
  titleEn: { fontSize: 10, color: colors.muted },
  meta: { fontSize: 7.5, color: colors.muted, marginTop: 3 },
  footer: { position: 'absolute', left: 36, right: 36, bottom: 20, flexDirection: 'row', justifyContent: 'space-between', borderTopWidth: 0.5, borderTopColor: colors.rule, paddingTop: 5, fontSize: 7.5, color: colors.muted },
})

export interface DocumentLayoutProps {
  org: { nameEn: string; nameZh: string }
  title: Bilingual
  /** Already formatted in the reader's time zone, with its label, e.g. "生成时间 Generated: 2026/01/15 14:03 (Asia/Shanghai)". */
  generatedAt: string
  /** Left side of the footer; the page numbers are on the right. */
  footer?: string
  orientation?: 'portrait' | 'landscape'
  children: ReactNode
}

export function DocumentLayout({ org, title, generatedAt, footer, orientation = 'portrait', children }: DocumentLayoutProps) {
  return (
    <Document title={`${title.zh} ${title.en}`} author={org.nameEn} creator="Caixiao" producer="Caixiao" language="zh-CN">
      <Page size="A4" orientation={orientation} style={styles.page}>
        <View style={styles.header} fixed>
          <View>
            <Text style={styles.orgZh}>{org.nameZh}</Text>
            <Text style={styles.orgEn}>{org.nameEn}</Text>
          </View>
          <View style={styles.titleBlock}>
            <Text style={styles.titleZh}>{title.zh}</Text>
            <Text style={styles.titleEn}>{title.en}</Text>
            <Text style={styles.meta}>{generatedAt}</Text>
          </View>
        </View>
        {children}
        <View style={styles.footer} fixed>
          <Text>{footer ?? `${org.nameZh} · ${org.nameEn}`}</Text>
          <Text render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} />
        </View>
      </Page>
    </Document>
  )
}

export interface PdfColumn<Row> {
  key: string
  header: Bilingual
  /** Share of the table's width, e.g. '12%'. */
  width: string
  align?: 'left' | 'right' | 'center'
  render: (row: Row) => string | string[]
}

const table = StyleSheet.create({
  headRow: { flexDirection: 'row', backgroundColor: colors.band, borderBottomWidth: 0.75, borderBottomColor: colors.rule },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: colors.rule },
  cell: { paddingVertical: 3, paddingHorizontal: 4 },
  headZh: { fontWeight: 700, fontSize: 8.5 },
  headEn: { fontSize: 7, color: colors.muted },
  second: { fontSize: 7.5, color: colors.muted },
})

/** A table whose header row repeats on every page and whose rows never split across pages. */
export function PdfTable<Row>({ columns, rows, rowKey }: { columns: PdfColumn<Row>[]; rows: Row[]; rowKey: (row: Row) => string }) {
  return (
    <View>
      <View style={table.headRow} fixed>
        {columns.map((c) => (
          <View key={c.key} style={[table.cell, { width: c.width, alignItems: c.align === 'right' ? 'flex-end' : 'flex-start' }]}>
            <Text style={table.headZh}>{c.header.zh}</Text>
            <Text style={table.headEn}>{c.header.en}</Text>
          </View>
        ))}
      </View>
      {rows.map((row) => (
        <View key={rowKey(row)} style={table.row} wrap={false}>
          {columns.map((c) => {
            const value = c.render(row)
            const [first, ...rest] = Array.isArray(value) ? value : [value]
            return (
              <View key={c.key} style={[table.cell, { width: c.width, alignItems: c.align === 'right' ? 'flex-end' : 'flex-start' }]}>
                <Text>{first}</Text>
                {rest.map((line, i) => (
                  <Text key={i} style={table.second}>
                    {line}
                  </Text>
                ))}
              </View>
            )
          })}
        </View>
      ))}
    </View>
  )
}
