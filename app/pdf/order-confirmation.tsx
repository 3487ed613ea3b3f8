// The dealer's order confirmation as a printed document: a pure component over the order page's
// DTO. Every label in both languages; amounts already formatted by the caller.
import { StyleSheet, Text, View } from '@react-pdf/renderer'
import { colors, DocumentLayout, PdfTable, type Bilingual, type PdfColumn } from './document-layout'

export interface OrderPdfLabels {
  title: Bilingual
  orderNo: Bilingual
  status: Bilingual
  placedAt: Bilingual
  dealer: Bilingual
  warehouse: Bilingual
  reference: Bilingual
  shipTo: Bilingual
  note: Bilingual
  sku: Bilingual
  product: Bilingual
  quantity: Bilingual
  unitPrice: Bilingual
  taxRate: Bilingual
  net: Bilingual
  reserved: Bilingual
  backordered: Bilingual
  shipped: Bilingual
  cancelled: Bilingual
  subtotal: Bilingual
  tax: Bilingual
  total: Bilingual
  shipments: Bilingual
  carrier: Bilingual
  tracking: Bilingual
  approvalNotice: string
  restCancelledNotice: string
  backordersCancelledNotice: string
  reason: Bilingual
  backordersCancelReason: Bilingual
  footer: string
}

export interface OrderPdfLine {
  id: string
  position: number
  sku: string
  nameEn: string
  nameZh: string
  /** With its unit: in Chinese, then the English unit name below when it differs. */
  quantity: string | string[]
  unitPrice: string
  taxRate: string
  net: string
  reserved: string
  backordered: string
  shipped: string
  cancelled: string
}

export interface OrderPdfProps {
  org: { nameEn: string; nameZh: string }
  generatedAt: string
  labels: OrderPdfLabels
  order: {
    number: string
    status: string
    placedAt: string
    dealer: { code: string; nameEn: string; nameZh: string }
    warehouse: string
    reference: string | null
    shipTo: string | null
    note: string | null
    subtotal: string
    taxTotal: string
    total: string
    needsApproval: boolean
    /** Nothing more ships (cancelled, rejected, or the rest cancelled): the lines show what was cancelled, not what is reserved or waits. */
    ended: boolean
    /** The rest was cancelled after part shipped: the amounts are those of what shipped. */
    restCancelled: boolean
    /** Still open (never `ended`) with its backordered quantities cancelled: the lines show what was cancelled beside what is reserved. */
    backordersCancelled: boolean
    /** Why it ended (the cancel or reject reason, as written): the dealer's page says it, and so must the printed copy. */
    endReason: string | null
    /** Why its backordered quantities were cancelled, whether it stayed open or ended afterwards (with endReason beside it then). */
    backordersCancelReason: string | null
    lines: OrderPdfLine[]
    /** Each line of a shipment as one text: its product and quantity, then the batches or serial numbers it took. */
    shipments: Array<{ number: string; carrier: string; trackingNumber: string; shippedAt: string; lines: string[] }>
  }
}

const styles = StyleSheet.create({
  facts: { flexDirection: 'row', flexWrap: 'wrap', marginBottom: 10 },
  fact: { width: '50%', flexDirection: 'row', marginBottom: 4 },
  factLabel: { width: 92, color: colors.muted, fontSize: 8 },
  factValue: { flex: 1 },
  notice: { marginBottom: 8, padding: 5, backgroundColor: '#fffbeb', borderWidth: 0.5, borderColor: '#f59e0b', fontSize: 8 },
  totals: { marginTop: 8, marginLeft: 'auto', width: 220 },
  totalRow: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 2 },
  grand: { fontWeight: 700, borderTopWidth: 0.75, borderTopColor: colors.rule, marginTop: 2, paddingTop: 3 },
  h2: { marginTop: 14, marginBottom: 4, fontSize: 10, fontWeight: 700 },
  shipment: { marginBottom: 3 },
  muted: { color: colors.muted, fontSize: 8 },
})

const both = (l: Bilingual) => `${l.zh} ${l.en}`

function Fact({ label, value }: { label: Bilingual; value: string }) {
  return (
    <View style={styles.fact}>
      <Text style={styles.factLabel}>{both(label)}</Text>
      <Text style={styles.factValue}>{value}</Text>
    </View>
  )
}

export function OrderConfirmationPdf({ org, generatedAt, labels, order }: OrderPdfProps) {
  // An open order with cancelled backorders has one column more: the product and money columns give it their room.
  // 缺货待补 needs 9% not to break in its header.
  const extra = order.backordersCancelled
  const cancelled = (width: string) => ({ key: 'cancelled', header: labels.cancelled, width, align: 'right' as const, render: (l: OrderPdfLine) => l.cancelled })
  const columns: PdfColumn<OrderPdfLine>[] = [
    { key: 'pos', header: { zh: '#', en: '' }, width: '4%', render: (l) => String(l.position) },
    { key: 'product', header: labels.product, width: extra ? '24%' : '29%', render: (l) => [`${l.sku} ${l.nameZh}`, l.nameEn] },
    { key: 'qty', header: labels.quantity, width: '9%', align: 'right', render: (l) => l.quantity },
    { key: 'price', header: labels.unitPrice, width: extra ? '11%' : '12%', align: 'right', render: (l) => l.unitPrice },
    { key: 'tax', header: labels.taxRate, width: '7%', align: 'right', render: (l) => l.taxRate },
    { key: 'net', header: labels.net, width: extra ? '12%' : '14%', align: 'right', render: (l) => l.net },
    ...(order.ended
      ? [cancelled('17%')]
      : [
          { key: 'reserved', header: labels.reserved, width: '8%', align: 'right' as const, render: (l: OrderPdfLine) => l.reserved },
          { key: 'backordered', header: labels.backordered, width: '9%', align: 'right' as const, render: (l: OrderPdfLine) => l.backordered },
          ...(extra ? [cancelled('8%')] : []),
        ]),
    { key: 'shipped', header: labels.shipped, width: '8%', align: 'right', render: (l) => l.shipped },
  ]
  return (
    <DocumentLayout org={org} title={labels.title} generatedAt={generatedAt} footer={labels.footer}>
      <View style={styles.facts}>
        <Fact label={labels.orderNo} value={order.number} />
        <Fact label={labels.status} value={order.status} />
        <Fact label={labels.dealer} value={`${order.dealer.code} ${order.dealer.nameZh} / ${order.dealer.nameEn}`} />
        <Fact label={labels.placedAt} value={order.placedAt} />
        <Fact label={labels.warehouse} value={order.warehouse} />
        <Fact label={labels.reference} value={order.reference ?? '—'} />
        <Fact label={labels.shipTo} value={order.shipTo ?? '—'} />
        <Fact label={labels.note} value={order.note ?? '—'} />
      </View>
      {order.needsApproval ? <Text style={styles.notice}>{labels.approvalNotice}</Text> : null}
      {order.restCancelled || order.backordersCancelled || order.endReason || order.backordersCancelReason ? (
        <View style={styles.notice}>
          {order.restCancelled ? <Text>{labels.restCancelledNotice}</Text> : null}
          {order.backordersCancelled ? <Text>{labels.backordersCancelledNotice}</Text> : null}
          {order.backordersCancelReason ? <Text>{`${both(labels.backordersCancelReason)}: ${order.backordersCancelReason}`}</Text> : null}
          {order.endReason ? <Text>{`${both(labels.reason)}: ${order.endReason}`}</Text> : null}
        </View>
      ) : null}
      <PdfTable columns={columns} rows={order.lines} rowKey={(l) => l.id} />
      <View style={styles.totals} wrap={false}>
        <View style={styles.totalRow}>
          <Text>{both(labels.subtotal)}</Text>
          <Text>{order.subtotal}</Text>
        </View>
        <View style={styles.totalRow}>
          <Text>{both(labels.tax)}</Text>
          <Text>{order.taxTotal}</Text>
        </View>
        <View style={[styles.totalRow, styles.grand]}>
          <Text>{both(labels.total)}</Text>
          <Text>{order.total}</Text>
        </View>
      </View>
      {order.shipments.length ? (
        <View wrap={false}>
          <Text style={styles.h2}>{both(labels.shipments)}</Text>
          {order.shipments.map((s) => (
            <View key={s.number} style={styles.shipment}>
              <Text>
                {s.number} · {s.shippedAt} · {both(labels.carrier)}: {s.carrier} · {both(labels.tracking)}: {s.trackingNumber}
              </Text>
              {s.lines.map((l, i) => (
                <Text key={i} style={styles.muted}>
                  {l}
                </Text>
              ))}
            </View>
          ))}
        </View>
      ) : null}
    </DocumentLayout>
  )
}
