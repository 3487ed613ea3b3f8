import { sql } from 'drizzle-orm'
import { salesOrders } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { D, formatMoney, money } from '~/utils/money'
import { withParams } from '~/utils/validation'
import { receivableOf } from './credit.rules'
import { assertCan, assertStaffPermission, emitOrderChanged, lockOrder, orderLines, updateOrder } from './order-command.server'
import type { SalesOrderStatus } from './order.rules'
import { recordPaymentSchema, type RecordPaymentInput } from './order.validation'
import { badInputFrom } from './quote-cart.server'

/** Finance records a payment against an order: at most what is receivable (shipped value incl. tax − paid so far). */
export async function recordPayment(
  actor: Actor,
  orderId: string,
  input: RecordPaymentInput,
  meta: { ip?: string | null } = {},
): Promise<{ id: string; number: string; status: SalesOrderStatus; version: number; paidTotal: string; receivable: string }> {
  await assertStaffPermission(actor, 'orders.payments', { action: 'sales_order.payment', orderId })
  const parsed = recordPaymentSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  return transact(async ({ tx, afterCommit }) => {
    const order = await lockOrder(tx, actor, orderId)
    assertCan('recordPayment', order)
    const lines = await orderLines(tx, order.id)
    const receivable = receivableOf(lines, order.paidTotal)
    const amount = new D(parsed.data.amount)
    if (amount.gt(receivable)) {
      // The amount as the page shows money ("CN¥35,295.60" / "¥35,295.60"), in the order's currency and
      // the reader's language (a signed-in user reads in actor.locale), never the raw "35295.60".
      const message = withParams('orders:errors.paymentTooLarge', { receivable: formatMoney(receivable, order.currency, actor.locale) })
      throw new DomainError('unprocessable', message, { amount: [message] })
    }
    const paidTotal = money(new D(order.paidTotal).plus(amount))
    const u = await updateOrder(tx, order, { paidTotal: sql`${salesOrders.paidTotal} + ${amount.toFixed()}::numeric` })
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'sales_order.payment_recorded',
      entityType: 'sales_order',
      entityId: order.id,
      before: { paidTotal: money(order.paidTotal) },
      after: { paidTotal, amount: money(amount), reference: parsed.data.reference ?? null },
    })
    const out = { id: order.id, number: order.number, status: order.status, version: u.version }
    emitOrderChanged(afterCommit, { ...out, dealerOrgId: order.dealerOrgId })
    return { ...out, paidTotal, receivable: money(new D(receivable).minus(amount)) }
  })
}
