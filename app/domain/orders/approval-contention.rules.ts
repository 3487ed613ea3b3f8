import { D } from '~/utils/money'

/** A waiting order as the approval inbox lists it: its warehouse and its lines. */
interface Waiting {
  id: string
  warehouseCode: string
  stockNow: ReadonlyArray<{ sku: string; quantity: string }>
}

/** How many other waiting orders ask the same warehouse for a product, and for how much. */
export interface Contention {
  orders: number
  quantity: string
}

/**
 * Per waiting order and SKU: the other waiting orders that want the same product from the same
 * warehouse. Each card says what the warehouse has now, and two of them can both read "all in stock"
 * for the same units: whichever is approved first takes them.
 */
export function contentionOf(waiting: readonly Waiting[]): Map<string, Map<string, Contention>> {
  const wanted = new Map<string, Array<{ orderId: string; quantity: string }>>()
  for (const o of waiting) {
    for (const l of o.stockNow) {
      const key = `${o.warehouseCode}|${l.sku}`
      wanted.set(key, [...(wanted.get(key) ?? []), { orderId: o.id, quantity: l.quantity }])
    }
  }
  const out = new Map<string, Map<string, Contention>>()
  for (const o of waiting) {
    const mine = new Map<string, Contention>()
    for (const l of o.stockNow) {
      const others = (wanted.get(`${o.warehouseCode}|${l.sku}`) ?? []).filter((w) => w.orderId !== o.id)
      if (others.length) mine.set(l.sku, { orders: others.length, quantity: others.reduce((sum, w) => sum.plus(w.quantity), new D(0)).toFixed() })
    }
    out.set(o.id, mine)
  }
  return out
}
