import { eq, inArray, sql } from 'drizzle-orm'
import { products, salesOrderLines } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudits } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { publishStockChanged } from '~/domain/inventory/stock-events.server'
import { D } from '~/utils/money'
import { DomainError } from '~/utils/errors'
import { withParams } from '~/utils/validation'
import { notifyDealerOfOrder } from './order-notifications.server'
import { assertCan, assertStaffPermission, emitOrderChanged, lockOrder, orderLines, updateOrder } from './order-command.server'
import { restOf, statusFromLines, type SalesOrderStatus } from './order.rules'
import { approveOrderSchema, type ApproveOrderInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'
import { reserveOrderStock } from './reserve-order-stock.server'

/**
 * A sales manager clears an order held over credit. A held order holds nothing, so its stock is
 * taken now, as submission takes an order's within credit (reserveOrderStock): what is available is
 * reserved, the rest backordered with a requisition for the buyers. It moves on to reserved when
 * every unit is held, else to approved (the rest waits for stock). Stock may have gone to other
 * dealers since it was placed: the approval inbox shows what is available before deciding.
 */
export async function approveOrder(actor: Actor, orderId: string, input: Partial<ApproveOrderInput> = {}, meta: { ip?: string | null } = {}): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number }> {
  await assertStaffPermission(actor, 'orders.approve', { action: 'sales_order.approve', orderId })
  const parsed = approveOrderSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('approve', order)
    const lines = await orderLines(tx, order.id)
    // What each line still needs. Nothing is held under the order's lock today; an order held before
    // holds were dropped may hold some, which it keeps.
    const need = lines.map((l) => ({ line: l, quantity: new D(restOf(l)).minus(l.reservedQty) })).filter((n) => n.quantity.gt(0))
    const skus = need.length ? await tx.select({ id: products.id, sku: products.sku, active: products.active }).from(products).where(inArray(products.id, need.map((n) => n.line.productId))) : []
    // Submission refuses a product no longer sold; one withdrawn while the order waited is refused
    // here, by name, rather than reserved and reordered from suppliers.
    const withdrawn = skus.find((p) => !p.active)
    if (withdrawn) throw new DomainError('unprocessable', withParams('orders:errors.withdrawnWhileHeld', { sku: withdrawn.sku }))
    const skuOf = new Map(skus.map((p) => [p.id, p.sku]))
    const stock = need.length
      ? await reserveOrderStock(
          { tx, afterCommit },
          order,
          need.map((n) => ({ lineId: n.line.id, productId: n.line.productId, sku: skuOf.get(n.line.productId)!, quantity: n.quantity.toFixed() })),
        )
      : null
    for (const n of need) {
      const got = stock!.byProduct.get(n.line.productId)!
      n.line.reservedQty = new D(n.line.reservedQty).plus(got.reserved).toFixed()
      n.line.backorderedQty = got.shortfall
    }
    const status = statusFromLines(lines, 'approved')
    // Pipelined on the transaction's connection; the requisition's rows after the lines they name.
    const writes: Promise<unknown>[] = need.map((n) => tx.update(salesOrderLines).set({ backorderedQty: n.line.backorderedQty }).where(eq(salesOrderLines.id, n.line.id)).execute())
    writes.push(...(stock?.write() ?? []), notifyDealerOfOrder({ tx, afterCommit }, order, { kind: 'order.approved' }))
    const [u] = await Promise.all([updateOrder(tx, order, { status, approvedBy: actor.userId, approvedAt: sql`now()`, decisionNote: parsed.data.note ?? null }), ...writes])
    await recordAudits(
      tx,
      [
        {
          who: { actor, ip: meta.ip },
          entry: {
            action: 'sales_order.approved',
            entityType: 'sales_order',
            entityId: order.id,
            before: { status: order.status },
            after: {
              status,
              note: parsed.data.note ?? null,
              // What the approval took: the order held nothing while it waited.
              lines: need.map((n) => ({ sku: skuOf.get(n.line.productId)!, reserved: stock!.byProduct.get(n.line.productId)!.reserved, backordered: n.line.backorderedQty })),
              requisition: stock?.requisition?.number ?? null,
            },
          },
        },
        ...(stock?.audits ?? []),
      ],
      { commit: true },
    )
    if (stock) afterCommit(() => publishStockChanged(stock.reservedProductIds))
    const out = { id: order.id, number: order.number, status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId, requisitionId: stock?.requisition?.id })
    return out
  })
}
