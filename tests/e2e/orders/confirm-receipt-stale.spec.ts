// A dealer's order page that missed the live update still offers "Confirm receipt" for a shipment a
// colleague has meanwhile confirmed: the click is refused, the page says why in the shared
// form-error box and shows the order as it now is.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { pickAndShip, placeOrder } from './order-support'

test('confirming receipt of a shipment a colleague already confirmed shows the refusal', async ({ browser }) => {
  test.setTimeout(120_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const dora = await signedIn(browser, 'dora@north.test')
  const wh = await signedIn(browser, 'warehouse@acme.test')
  try {
    const id = await placeOrder(dave.page, 'MT-2003', '1', `E2E-STALE-${Date.now()}`)

    await pickAndShip(wh.page, id, 'YTO Express', 'YT5512003344')

    // Dave's tab hears nothing live from here on (as with a dropped connection), so what it shows
    // goes stale instead of following Dora's confirmation.
    await dave.ctx.routeWebSocket(/\/socket\.io\//, (ws) => ws.close())
    await dave.ctx.route(/\/socket\.io\//, (route) => route.abort())
    await dave.page.goto(`/dealer/orders/${id}`)
    await hydrated(dave.page)
    await expect(dave.page.locator('html')).not.toHaveAttribute('data-socket', 'connected')
    await expect(dave.page.getByTestId('shipment')).toHaveAttribute('data-status', 'shipped')

    await dora.page.goto(`/dealer/orders/${id}`)
    await hydrated(dora.page)
    await dora.page.getByTestId('shipment').getByTestId('confirm-receipt').click()
    await expect(dora.page.getByTestId('shipment')).toHaveAttribute('data-status', 'delivered')

    // Dave still sees the button; the server refuses his click, in his language (zh-CN).
    const shipments = dave.page.getByRole('region', { name: /^(Shipments|发货记录)$/ })
    await expect(shipments.getByTestId('form-error')).toHaveCount(0)
    await shipments.getByTestId('confirm-receipt').click()
    await expect(shipments.getByTestId('form-error')).toHaveText('该发货单已签收。')
    await expect(shipments.getByTestId('form-error')).toHaveAttribute('role', 'alert')
    // The refusal reloads the order (no socket needed): Dora's confirmation shows beside the message,
    // and nothing is left to confirm.
    await expect(shipments.getByTestId('form-error')).toBeVisible()
    await expect(shipments.getByTestId('shipment')).toHaveAttribute('data-status', 'delivered')
    await expect(shipments.getByTestId('shipment-received')).toContainText('Dora Qian')
    await expect(shipments.getByTestId('confirm-receipt')).toHaveCount(0)
  } finally {
    await Promise.all([dave.ctx.close(), dora.ctx.close(), wh.ctx.close()])
  }
})
