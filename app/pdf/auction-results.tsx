// The auction's result as a printed document: the summary, the ranking, the award and the full
// hash-chained log. A pure component over already formatted strings; each label carries the reader's
// language first and the other one beneath it (the shared layout is bilingual by design).
import { StyleSheet, Text, View } from '@react-pdf/renderer'
import { DocumentLayout, PdfTable, colors, type Bilingual, type PdfColumn } from './document-layout'

export interface AuctionResultsPdfLabels {
  title: Bilingual
  summary: Bilingual
  ranking: Bilingual
  log: Bilingual
  rank: Bilingual
  supplier: Bilingual
  amount: Bilingual
  vsCeiling: Bilingual
  time: Bilingual
  seq: Bilingual
  actor: Bilingual
  event: Bilingual
  detail: Bilingual
  hash: Bilingual
  noBids: string
}

export interface AuctionResultsPdfProps {
  org: { nameEn: string; nameZh: string }
  generatedAt: string
  labels: AuctionResultsPdfLabels
  auctionTitle: string
  /** Label/value pairs, already formatted (status, ceiling, best, savings, reserve, award, verification…). */
  summary: { label: string; value: string }[]
  ranking: { rank: string; supplier: string; amount: string; vsCeiling: string; time: string; awarded: boolean }[]
  log: { seq: string; time: string; actor: string; event: string; detail: string; hash: string }[]
  awardedMark: string
  footer: string
}

const styles = StyleSheet.create({
  auctionTitle: { fontSize: 12, fontWeight: 700, marginBottom: 6 },
  h2: { fontSize: 10, fontWeight: 700, marginTop: 12, marginBottom: 4, color: colors.accent },
  h2second: { fontSize: 7.5, color: colors.muted, fontWeight: 400 },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: colors.rule, paddingVertical: 2 },
  key: { width: '35%', color: colors.muted },
  value: { width: '65%' },
  empty: { color: colors.muted, marginVertical: 6 },
})

function Heading({ label }: { label: Bilingual }) {
  return (
    <Text style={styles.h2}>
      {label.zh} <Text style={styles.h2second}>{label.en}</Text>
    </Text>
  )
}

export function AuctionResultsPdf({ org, generatedAt, labels, auctionTitle, summary, ranking, log, awardedMark, footer }: AuctionResultsPdfProps) {
  type R = AuctionResultsPdfProps['ranking'][number]
  type L = AuctionResultsPdfProps['log'][number]
  const rankCols: PdfColumn<R>[] = [
    { key: 'rank', header: labels.rank, width: '8%', render: (r) => r.rank },
    { key: 'supplier', header: labels.supplier, width: '38%', render: (r) => (r.awarded ? [r.supplier, awardedMark] : r.supplier) },
    { key: 'amount', header: labels.amount, width: '18%', align: 'right', render: (r) => r.amount },
    { key: 'vs', header: labels.vsCeiling, width: '12%', align: 'right', render: (r) => r.vsCeiling },
    { key: 'time', header: labels.time, width: '24%', render: (r) => r.time },
  ]
  const logCols: PdfColumn<L>[] = [
    { key: 'seq', header: labels.seq, width: '6%', align: 'right', render: (r) => r.seq },
    { key: 'time', header: labels.time, width: '17%', render: (r) => r.time },
    { key: 'actor', header: labels.actor, width: '17%', render: (r) => r.actor },
    { key: 'event', header: labels.event, width: '14%', render: (r) => r.event },
    { key: 'detail', header: labels.detail, width: '26%', render: (r) => r.detail },
    // The whole hash, split so it wraps inside its column: a printout must be checkable by hand.
    { key: 'hash', header: labels.hash, width: '20%', render: (r) => [r.hash.slice(0, 16), r.hash.slice(16, 32), r.hash.slice(32, 48), r.hash.slice(48)] },
  ]
  return (
    <DocumentLayout org={org} title={labels.title} generatedAt={generatedAt} footer={footer}>
      <Text style={styles.auctionTitle}>{auctionTitle}</Text>
      <Heading label={labels.summary} />
      {summary.map((s) => (
        <View key={s.label} style={styles.row} wrap={false}>
          <Text style={styles.key}>{s.label}</Text>
          <Text style={styles.value}>{s.value}</Text>
        </View>
      ))}
      <Heading label={labels.ranking} />
      {ranking.length ? <PdfTable columns={rankCols} rows={ranking} rowKey={(r) => r.rank} /> : <Text style={styles.empty}>{labels.noBids}</Text>}
      <View break>
        <Heading label={labels.log} />
        <PdfTable columns={logCols} rows={log} rowKey={(r) => r.seq} />
      </View>
    </DocumentLayout>
  )
}
