// An order's stock is taken once its credit is cleared: at submission for an order within credit, at
// approval for one held over credit (a held order holds nothing, so a dealer without credit cannot
// lock goods away from paying dealers). Both run this: one statement reserves what is available,
// the rest is backordered, and the shortfall raises a purchase requisition that rings the buyers.
import { randomUUID } from 'node:crypto'
import { requisitionLines, requisitions } from '~db/schema'
import type { TxContext } from '~db/transaction'
import type { AuditEntry, AuditWho } from '~/audit/record.server'
import { reserveStockForLines } from '~/domain/inventory/reservations.server'
import { D } from '~/utils/money'
import { ORDER_SOURCE, numberSql } from './order-command.server'
import { notifyBuyersOfRequisition } from './order-notifications.server'

export interface OrderStockLine {
  /** The order line (its requisition line points back to it). */
  lineId: string
  productId: string
  sku: string
  /** What to reserve now: the whole line at submission, what it still needs at approval. */
  quantity: string
}

export interface OrderStockTaken {
  /** Drawn in the reservation's statement when asked (`drawOrderNumber`), else the order's own. */
  orderNumber: string
  /** Per product: what was reserved and what is backordered. */
  byProduct: Map<string, { reserved: string; shortfall: string }>
  fullyReserved: boolean
  requisition: { id: string; number: string } | null
  /** Products something was reserved of: their availability changed for every dealer (publishStockChanged after the commit). */
  reservedProductIds: string[]
  /** The requisition's audit row, for the command to record with its own. */
  audits: Array<{ who: AuditWho; entry: AuditEntry }>
  /**
   * Writes the requisition and rings the buyers' bells, pipelined on the transaction. Called by the
   * command once its order lines are written (or queued before these), as requisition lines name them.
   */
  write: () => Promise<unknown>[]
}

/**
 * Reserves the lines in one statement (balance rows locked in product-id order, so it never
 * deadlocks with another order's reservation), backorders what is short and prepares the shortfall
 * requisition. Numbers come from the same round trip: the requisition's only when something is short.
 */
export async function reserveOrderStock(
  { tx, afterCommit }: TxContext,
  order: { id: string; number?: string; warehouseId: string },
  lines: ReadonlyArray<OrderStockLine>,
  opts: { drawOrderNumber?: boolean } = {},
): Promise<OrderStockTaken> {
  const reservation = await reserveStockForLines(tx, {
    warehouseId: order.warehouseId,
    lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    sourceType: ORDER_SOURCE,
    sourceId: order.id,
    numbers: { order: opts.drawOrderNumber ? numberSql('order') : undefined, requisition: numberSql('requisition') },
  })
  const number = opts.drawOrderNumber ? reservation.orderNumber! : order.number!
  const resOf = (productId: string) => reservation.byProduct.get(productId)!
  const inProductOrder = [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
  const short = inProductOrder.filter((l) => new D(resOf(l.productId).shortfall).gt(0))
  const requisition = short.length > 0 ? { id: randomUUID(), number: reservation.requisitionNumber! } : null
  const audits: OrderStockTaken['audits'] = requisition
    ? [
        {
          who: { system: true },
          entry: {
            action: 'requisition.created',
            entityType: 'requisition',
            entityId: requisition.id,
            after: { number: requisition.number, source: { type: ORDER_SOURCE, id: order.id, number }, lines: short.map((l) => ({ sku: l.sku, quantity: resOf(l.productId).shortfall })) },
          },
        },
      ]
    : []
  const write = () => {
    if (!requisition) return []
    return [
      // No note: the requisition's page names its source order in the reader's language, where a
      // stored note would be one language's text for everyone.
      tx
        .insert(requisitions)
        .values({ id: requisition.id, number: requisition.number, status: 'open', sourceType: ORDER_SOURCE, sourceId: order.id, requestedBy: null, note: null })
        .execute(),
      tx
        .insert(requisitionLines)
        .values(short.map((l) => ({ requisitionId: requisition.id, productId: l.productId, warehouseId: order.warehouseId, quantity: resOf(l.productId).shortfall, sourceLineId: l.lineId })))
        .execute(),
      notifyBuyersOfRequisition({ tx, afterCommit }, requisition, { number }),
    ]
  }
  return {
    orderNumber: number,
    byProduct: reservation.byProduct,
    fullyReserved: short.length === 0,
    requisition,
    reservedProductIds: inProductOrder.filter((l) => new D(resOf(l.productId).reserved).gt(0)).map((l) => l.productId),
    audits,
    write,
  }
}
