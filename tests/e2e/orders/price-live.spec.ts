// What a dealer sees when a sales manager changes a price it is about to order at: its open cart and
// catalog show the new price without a reload (prices:changed), and a click that races the change
// (sent before the push arrives) is refused with the message and the new total instead of being
// charged unseen; the next click places the order at the total on screen. AS-4005's tier-A price is
// put back after each test, and the order placed here is cancelled by its dealer.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { addToCart, cancelAsDealer, live, markNoReload, notReloaded, num } from './order-support'

const SKU = 'AS-4005'



/** Opens PL-A-2026 (tier A: North) in the console, as the sales manager. */
async function openListA(page: Page) {
  await page.goto('/console/price-lists?q=PL-A-2026')
  await hydrated(page)
  await page.getByTestId('price-list-code').filter({ hasText: 'PL-A-2026' }).click()
  await expect(page).toHaveURL(/\/console\/price-lists\/[0-9a-f-]{36}$/)
  await hydrated(page)
}

/** Sets the SKU's single-unit price on the open list through the "set price" form, and waits for the saved row. */
async function setPrice(page: Page, price: string) {
  const form = page.getByTestId('set-item-form')
  await form.getByTestId('item-sku').fill(SKU)
  await form.getByTestId('item-min-qty').fill('1')
  await form.getByTestId('item-price').fill(price)
  await form.getByTestId('item-save').click()
  const row = page.getByTestId('price-item').filter({ hasText: SKU }).first()
  await expect.poll(async () => num(await row.getByTestId('price-item-price').textContent())).toBe(Number(price))
}

/** The dealer's cart, priced and live (or `deaf`: no socket, so no push reaches it), with `quantity` of the SKU; answers the unit price shown. */
async function pricedCart(page: Page, quantity: string, { deaf = false } = {}) {
  await addToCart(page, SKU, quantity)
  if (deaf) {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close())
    await page.route('**/socket.io/**', (route) => route.abort())
  }
  await page.goto('/dealer/cart')
  if (deaf) await hydrated(page)
  else await live(page)
  await expect(page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
  return num(await page.getByTestId('cart-line-price').textContent())
}

test("the dealer's open cart and catalog show a sales manager's new price live", async ({ browser }) => {
  test.setTimeout(60_000)
  const [dave, manager] = await Promise.all([signedIn(browser, 'dave@north.test'), signedIn(browser, 'sales.manager@acme.test')])
  let seeded: number | null = null
  try {
    seeded = await pricedCart(dave.page, '2')
    const totalBefore = num(await dave.page.getByTestId('cart-total').textContent())
    const catalog = await dave.ctx.newPage()
    await catalog.goto(`/dealer/catalog?q=${SKU}`)
    await live(catalog)
    // The search finds this one product.
    const catalogPrice = catalog.getByTestId('dealer-catalog').getByTestId('unit-price').first()
    expect(num(await catalogPrice.textContent())).toBe(seeded)
    await Promise.all([markNoReload(dave.page), markNoReload(catalog)])

    const raised = (seeded + 100).toFixed(2)
    await openListA(manager.page)
    await setPrice(manager.page, raised)

    await expect.poll(async () => num(await dave.page.getByTestId('cart-line-price').textContent()), { timeout: 10_000, message: 'unit price in the cart' }).toBe(Number(raised))
    await expect(dave.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    expect(num(await dave.page.getByTestId('cart-total').textContent())).toBeGreaterThan(totalBefore)
    await expect.poll(async () => num(await catalogPrice.textContent()), { timeout: 10_000, message: 'unit price in the catalog' }).toBe(Number(raised))
    await Promise.all([notReloaded(dave.page), notReloaded(catalog)])
  } finally {
    if (seeded !== null) {
      if (!manager.page.url().includes('/console/price-lists/')) await openListA(manager.page)
      await setPrice(manager.page, seeded.toFixed(2))
    }
    await Promise.all([dave.ctx.close(), manager.ctx.close()])
  }
})

// The dealer's tab hears no push here: the new price it shows comes from the refusal itself, not from prices:changed.
test('a click that races a price change is refused with the new total, and the next one places the order at it', async ({ browser }) => {
  test.setTimeout(60_000)
  const [dave, manager] = await Promise.all([signedIn(browser, 'dave@north.test'), signedIn(browser, 'sales.manager@acme.test')])
  let seeded: number | null = null
  let orderId: string | null = null
  try {
    seeded = await pricedCart(dave.page, '1', { deaf: true })
    await expect(dave.page.locator('html')).not.toHaveAttribute('data-socket', 'connected')
    const shownTotal = num(await dave.page.getByTestId('cart-total').textContent())
    await openListA(manager.page)
    const raised = (seeded + 50).toFixed(2)

    // The submission leaves the browser with the total on screen; the price changes before the server reads it.
    let raced = false
    await dave.page.route('**/dealer/cart.data*', async (route) => {
      if (!raced && route.request().method() === 'POST' && (route.request().postData() ?? '').includes('intent=submit')) {
        raced = true
        await setPrice(manager.page, raised)
      }
      await route.continue()
    })
    await dave.page.getByTestId('cart-reference').fill(`E2E-PRICE-RACE-${Date.now()}`)
    await dave.page.getByTestId('place-order').click()

    await expect(dave.page.getByTestId('checkout-form').getByTestId('form-error')).toContainText('购物车计价后价格有变动', { timeout: 10_000 })
    expect(raced).toBe(true)
    await expect(dave.page).toHaveURL(/\/dealer\/cart$/)
    // The cart prices again beside the message (no push could have told it): the new unit price and total, which the next click confirms.
    await expect.poll(async () => num(await dave.page.getByTestId('cart-line-price').textContent()), { timeout: 10_000 }).toBe(Number(raised))
    await expect(dave.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    const newTotal = num(await dave.page.getByTestId('cart-total').textContent())
    expect(newTotal).toBeGreaterThan(shownTotal)

    await dave.page.getByTestId('place-order').click()
    await expect(dave.page).toHaveURL(/\/dealer\/orders\/[0-9a-f-]{36}/)
    orderId = new URL(dave.page.url()).pathname.split('/').pop()!
    await hydrated(dave.page)
    await expect(dave.page.getByTestId('order-total')).toBeVisible()
    expect(num(await dave.page.getByTestId('order-total').textContent())).toBe(newTotal)
  } finally {
    await dave.page.unroute('**/dealer/cart.data*')
    if (orderId) await cancelAsDealer(dave.page, orderId)
    if (seeded !== null) {
      if (!manager.page.url().includes('/console/price-lists/')) await openListA(manager.page)
      await setPrice(manager.page, seeded.toFixed(2))
    }
    await Promise.all([dave.ctx.close(), manager.ctx.close()])
  }
})
