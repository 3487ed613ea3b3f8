// After the shipment: finance records a payment on the console order page and the paid amount shows;
// the warehouse marks the shipment delivered and the dealer's open order page follows. Or the dealer
// confirms receipt itself, and the warehouse's open console page follows with who received it.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { pickAndShip, placeOrder } from './order-support'

test('finance records a payment on a shipped order and the warehouse marks it delivered; the dealer sees it delivered', async ({ browser }) => {
  test.setTimeout(120_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const wh = await signedIn(browser, 'warehouse@acme.test')
  const finance = await signedIn(browser, 'finance@acme.test')
  try {
    const id = await placeOrder(dave.page, 'MT-2001', '3', `E2E-PAY-${Date.now()}`)
    await expect(dave.page.getByTestId('order-status')).toHaveAttribute('data-status', 'reserved')

    // The warehouse picks and ships it in full.
    await pickAndShip(wh.page, id, 'SF Express', 'SF1409988776')
    // Payments are finance's: the warehouse has no payment form.
    await expect(wh.page.getByTestId('action-payment')).toHaveCount(0)

    // Finance records a part payment, then the rest; the paid total follows each.
    await finance.page.goto(`/console/orders/${id}`)
    await hydrated(finance.page)
    await expect(finance.page.getByTestId('order-paid')).toHaveText(/\b0\.00$/)
    const totalCents = Math.round(Number((await finance.page.getByTestId('order-total').innerText()).replace(/[^\d.]/g, '')) * 100)
    expect(totalCents).toBeGreaterThan(1)
    const firstCents = Math.floor(totalCents / 2)
    const money = (cents: number) => (cents / 100).toFixed(2)
    const shown = (cents: number) => new RegExp(`${money(cents).replace(/\B(?=(\d{3})+\.)/g, ',').replace('.', '\\.')}$`)
    const pay = finance.page.getByTestId('action-payment')
    await pay.getByTestId('payment-amount').fill(money(firstCents))
    await pay.locator('input[name="reference"]').fill('BOC-E2E-0001')
    await pay.getByTestId('submit-payment').click()
    await expect(finance.page.getByTestId('order-paid')).toHaveText(shown(firstCents))
    await expect(finance.page.locator('[data-testid="audit-row"][data-action="sales_order.payment_recorded"]')).toHaveCount(1)
    // The trail reads in the user's language, not as the recorded code.
    await expect(finance.page.locator('[data-testid="audit-row"][data-action="sales_order.payment_recorded"]')).toContainText('登记收款')
    await expect(finance.page.getByTestId('audit-trail')).not.toContainText('sales_order.')
    // Its details read as the audit log's do, key by key in the user's words: they were raw JSON ({"paidTotal": …}).
    const paid = finance.page.locator('[data-testid="audit-row"][data-action="sales_order.payment_recorded"]')
    await paid.getByText('详情').click()
    const diff = paid.getByTestId('audit-diff')
    await expect(diff.locator('[data-testid="diff-row"][data-path="paidTotal"] th')).toContainText('已付款')
    await expect(diff.locator('[data-testid="diff-row"][data-path="paidTotal"] del')).toHaveText('0.00')
    await expect(diff.locator('[data-testid="diff-row"][data-path="reference"]')).toContainText('参考号')
    await expect(diff.locator('[data-testid="diff-row"][data-path="reference"] ins')).toHaveText('BOC-E2E-0001')
    await expect(diff).not.toContainText('paidTotal')
    await expect(paid.locator('pre')).toHaveCount(0)
    // An order's status reads as the order pages name it, not as its code.
    const picked = finance.page.locator('[data-testid="audit-row"][data-action="sales_order.picked"]')
    await picked.getByText('详情').click()
    await expect(picked.locator('[data-testid="diff-row"][data-path="status"] del')).toHaveText('已预留')
    await expect(picked.locator('[data-testid="diff-row"][data-path="status"] ins')).toHaveText('已拣货')
    // What was picked names the product by its SKU, as the page does: the record keeps its id.
    await expect(picked.locator('[data-testid="diff-row"][data-path="picked"] ins')).toHaveText('数量：3，产品：MT-2001')
    // The first payment's redirect may still be loading (a live push can show its figures first); while
    // it does, the button is busy and takes no click, as for a user (SubmitButton).
    await finance.page.waitForFunction(() => (window as any).__remixRouter.state.navigation.state === 'idle')
    // More than is still owed is refused in place, and nothing is added.
    await pay.getByTestId('payment-amount').fill(money(totalCents))
    await pay.getByTestId('submit-payment').click()
    // Beside the amount it is about, which reads as invalid.
    await expect(pay.getByTestId('payment-amount-error')).toContainText('收款金额超过应收金额')
    await expect(pay.getByTestId('payment-amount')).toHaveAttribute('aria-invalid', 'true')
    // A refetch of the page (as a live push about the order makes) keeps the message in place.
    await finance.page.evaluate(() => (window as any).__remixRouter.revalidate())
    await finance.page.waitForFunction(() => (window as any).__remixRouter.state.revalidation === 'idle')
    await expect(pay.getByTestId('payment-amount-error')).toBeVisible()
    await expect(finance.page.getByTestId('order-paid')).toHaveText(shown(firstCents))
    await pay.getByTestId('payment-amount').fill(money(totalCents - firstCents))
    await pay.getByTestId('submit-payment').click()
    await expect(finance.page.getByTestId('order-paid')).toHaveText(shown(totalCents))
    await expect(finance.page.locator('[data-testid="audit-row"][data-action="sales_order.payment_recorded"]')).toHaveCount(2)
    // Finance cannot mark deliveries.
    await expect(finance.page.getByTestId('submit-deliver')).toHaveCount(0)

    // The dealer watches the order; the warehouse marks the shipment delivered.
    await dave.page.goto(`/dealer/orders/${id}`)
    await hydrated(dave.page)
    await expect(dave.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    await expect(dave.page.getByTestId('order-status')).toHaveAttribute('data-status', 'shipped')
    await dave.page.evaluate(() => ((window as any).__noReload = true))

    await wh.page.reload()
    await hydrated(wh.page)
    await wh.page.getByTestId('submit-deliver').click()
    await expect(wh.page.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered')
    await expect(wh.page.getByTestId('submit-deliver')).toHaveCount(0)

    await expect(dave.page.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered', { timeout: 10_000 })
    await expect(dave.page.getByTestId('shipment')).toContainText(/delivered|已送达|已签收/i)
    expect(await dave.page.evaluate(() => (window as any).__noReload)).toBe(true)
    // And it stays so on a fresh load.
    await dave.page.reload()
    await expect(dave.page.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered')
  } finally {
    await Promise.all([dave.ctx.close(), wh.ctx.close(), finance.ctx.close()])
  }
})

test('a dealer user confirms receipt of the shipment; the order is delivered and the console shows who received it', async ({ browser }) => {
  test.setTimeout(120_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const dora = await signedIn(browser, 'dora@north.test')
  const wh = await signedIn(browser, 'warehouse@acme.test')
  try {
    const id = await placeOrder(dave.page, 'MT-2002', '2', `E2E-POD-${Date.now()}`)
    await expect(dave.page.locator('html')).toHaveAttribute('data-socket', 'connected')

    await pickAndShip(wh.page, id, 'ZTO Express', 'ZTO7730019922')
    await expect(wh.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    await wh.page.evaluate(() => ((window as any).__noReload = true))

    // Dave, who placed it, hears of the shipment in his bell at once, with the tracking number.
    await dave.page.getByTestId('bell').click()
    await expect(dave.page.getByTestId('notification-list')).toContainText('ZTO7730019922')

    // Dave's colleague opens the order: the shipment is on its way, with a button to confirm it arrived.
    await dora.page.goto(`/dealer/orders/${id}`)
    await hydrated(dora.page)
    const shipment = dora.page.getByTestId('shipment')
    await expect(shipment).toHaveAttribute('data-status', 'shipped')
    await expect(shipment.getByTestId('shipment-tracking')).toHaveText('ZTO7730019922')
    await expect(shipment.getByTestId('shipment-received')).toHaveCount(0)
    await shipment.getByTestId('confirm-receipt').click()

    await expect(dora.page.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered')
    await expect(shipment).toHaveAttribute('data-status', 'delivered')
    await expect(shipment.getByTestId('shipment-received')).toContainText('Dora Qian')
    await expect(dora.page.getByTestId('confirm-receipt')).toHaveCount(0)

    // The warehouse's open page follows without a reload: delivered, received by Dora, nothing left to mark.
    await expect(wh.page.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered', { timeout: 10_000 })
    await expect(wh.page.getByTestId('shipment').getByTestId('shipment-received')).toContainText('Dora Qian')
    await expect(wh.page.getByTestId('submit-deliver')).toHaveCount(0)
    await expect(wh.page.locator('[data-testid="audit-row"][data-action="shipment.delivered"]')).toContainText('Dora Qian')
    expect(await wh.page.evaluate(() => (window as any).__noReload)).toBe(true)
    // And so it stays on a fresh load.
    await dora.page.reload()
    await expect(dora.page.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered')
    await expect(dora.page.getByTestId('shipment-received')).toContainText('Dora Qian')
  } finally {
    await Promise.all([dave.ctx.close(), dora.ctx.close(), wh.ctx.close()])
  }
})
