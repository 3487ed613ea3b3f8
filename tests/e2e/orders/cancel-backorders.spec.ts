// A dealer orders more drive units than SH-MAIN holds (the demo has 10): what is there is reserved,
// the rest backordered. It keeps the reserved part and cancels the backordered quantities with a
// reason; the line shows them cancelled and the total drops to what still comes. The sales manager's
// console page, open on the order, follows without a reload; cancelling the order afterwards keeps both who-and-whys.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { cancelAsDealer, live, markNoReload, notReloaded, num, placeSplitOrder } from './order-support'

test('a dealer cancels the backordered quantities of its order and keeps what is reserved; the console follows live', async ({ browser }) => {
  test.setTimeout(120_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const manager = await signedIn(browser, 'sales.manager@acme.test')
  // Orders still holding SH-MAIN's drive units when the test ends, however it ends: cancelled for the next run.
  const open = new Set<string>()
  try {
    const { id, line, reserved, backordered } = await placeSplitOrder(dave.page, `E2E-BO-${Date.now()}`)
    open.add(id)
    await hydrated(dave.page)
    const totalBefore = num(await dave.page.getByTestId('order-total').textContent())

    // The sales manager has the order open.
    await manager.page.goto(`/console/orders/${id}`)
    await live(manager.page)
    await markNoReload(manager.page)
    await expect(manager.page.getByTestId('order-status')).toHaveAttribute('data-status', 'approved')

    // The card names what waits; a reason of spaces passes the textarea's `required` and is refused by the server.
    const form = dave.page.getByTestId('cancel-backorders-form')
    await expect(form.getByTestId('cancel-backorders-left')).toContainText(`AS-4003 × ${backordered} 套`)
    await form.getByTestId('cancel-backorders-reason').fill('   ')
    await form.getByTestId('cancel-backorders-submit').click()
    await expect(form.getByRole('alert')).toHaveText('请填写原因。')
    await form.getByTestId('cancel-backorders-reason').fill('Cannot wait for the rest; we take what is there')
    await form.getByTestId('cancel-backorders-submit').click()

    // Everything left is held: reserved. The line shows the cancelled part beside what is reserved, the total what still comes.
    await expect(dave.page.getByTestId('order-status')).toHaveAttribute('data-status', 'reserved')
    await expect(line.getByTestId('line-reserved')).toHaveText(String(reserved))
    await expect(line.getByTestId('line-backordered')).toHaveText('0')
    await expect(line.getByTestId('line-cancelled')).toHaveText(String(backordered))
    await expect(dave.page.getByTestId('backorders-cancelled-notice')).toContainText('Cannot wait for the rest')
    await expect(dave.page.getByTestId('cancel-backorders-form')).toHaveCount(0)
    const totalAfter = num(await dave.page.getByTestId('order-total').textContent())
    // The unit price incl. tax, from the order as placed: the new total is that of the reserved units (to the cent).
    expect(Math.abs(totalAfter - (totalBefore / 13) * reserved)).toBeLessThan(0.05)
    expect(totalAfter).toBeLessThan(totalBefore)

    // The console followed without a reload: status, the cancelled quantity, the new total and who did it and why.
    await expect(manager.page.getByTestId('order-status')).toHaveAttribute('data-status', 'reserved')
    const consoleLine = manager.page.locator('[data-testid="order-line"][data-sku="AS-4003"]')
    await expect(consoleLine.getByTestId('line-cancelled')).toHaveText(String(backordered))
    await expect(manager.page.getByTestId('order-total')).toHaveText((await dave.page.getByTestId('order-total').textContent())!)
    await expect(manager.page.getByTestId('backorders-cancel-reason')).toHaveText('Dave Zhao 赵大卫 取消了缺货待补部分：Cannot wait for the rest; we take what is there')
    // The order itself was not cancelled.
    await expect(manager.page.getByTestId('order-cancel-reason')).toHaveCount(0)
    await expect(manager.page.locator('[data-testid="audit-row"][data-action="sales_order.backorders_cancelled"]')).toHaveCount(1)
    await notReloaded(manager.page)

    // Cancelling the whole order later keeps who cancelled the backorders and why beside who cancelled the order and why.
    await cancelAsDealer(dave.page, id)
    open.delete(id)
    await expect(dave.page.getByTestId('backorders-cancelled-notice')).toHaveText('本订单缺货待补的数量已取消。原因：Cannot wait for the rest; we take what is there')
    await expect(dave.page.getByTestId('cancelled-notice')).toHaveText('本订单已取消：E2E clean-up')
    await expect(manager.page.getByTestId('order-status')).toHaveAttribute('data-status', 'cancelled')
    await expect(manager.page.getByTestId('backorders-cancel-reason')).toHaveText('Dave Zhao 赵大卫 取消了缺货待补部分：Cannot wait for the rest; we take what is there')
    await expect(manager.page.getByTestId('order-cancel-reason')).toHaveText('Dave Zhao 赵大卫 取消：E2E clean-up')

    // The sales manager does the same from the console, on a second such order: the card names what waits.
    const { id: second } = await placeSplitOrder(dave.page, `E2E-BO2-${Date.now()}`)
    open.add(second)
    await manager.page.goto(`/console/orders/${second}`)
    await hydrated(manager.page)
    const card = manager.page.getByTestId('action-cancelBackorders')
    await expect(card.getByTestId('cancel-backorders-left')).toContainText('AS-4003 × ')
    await card.getByTestId('cancel-backorders-reason').fill('Dealer asked by phone')
    await card.getByTestId('submit-cancelBackorders').click()
    await expect(manager.page.getByTestId('order-status')).toHaveAttribute('data-status', 'reserved')
    await expect(manager.page.getByTestId('action-cancelBackorders')).toHaveCount(0)
    await expect(manager.page.getByTestId('backorders-cancel-reason')).toHaveText('陈静 Chen Jing 取消了缺货待补部分：Dealer asked by phone')
  } finally {
    // The reserved units go back on the shelf for the next run.
    for (const id of open) await cancelAsDealer(dave.page, id).catch(() => {})
    await Promise.all([dave.ctx.close(), manager.ctx.close()])
  }
})
