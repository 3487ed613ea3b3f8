import { expect, type Page } from '@playwright/test'
import { hydrated } from '../support'

/** Finds a product in the dealer catalog and puts a quantity of it in the browser cart. */
export async function addToCart(page: Page, sku: string, quantity: string) {
  await page.goto(`/dealer/catalog?q=${sku}`)
  await hydrated(page)
  const add = page.locator(`[data-testid="add-to-cart-form"][data-sku="${sku}"]`)
  await add.getByTestId('add-to-cart-qty').fill(quantity)
  await add.getByTestId('add-to-cart').click()
  await expect(add.getByTestId('in-cart')).toContainText(quantity)
}

/** Places a one-line order from the catalog through the cart, as the dealer would; answers its id. */
export async function placeOrder(page: Page, sku: string, quantity: string, reference: string): Promise<string> {
  await addToCart(page, sku, quantity)
  await page.goto('/dealer/cart')
  await hydrated(page)
  await expect(page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
  await page.getByTestId('cart-reference').fill(reference)
  await page.getByTestId('place-order').click()
  await expect(page).toHaveURL(/\/dealer\/orders\/[0-9a-f-]{36}$/)
  return page.url().split('/').pop()!
}

/**
 * A dealer's order of 13 drive units (AS-4003) from SH-MAIN, where the demo holds fewer than 13 free: part reserved, the
 * rest backordered. Returns the order's id and the line's locator and figures, checked to add up.
 */
export async function placeSplitOrder(page: Page, reference: string) {
  const id = await placeOrder(page, 'AS-4003', '13', reference)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'approved')
  const line = page.locator('[data-testid="order-line"][data-sku="AS-4003"]')
  const reserved = num(await line.getByTestId('line-reserved').textContent())
  const backordered = num(await line.getByTestId('line-backordered').textContent())
  expect(reserved).toBeGreaterThan(0)
  expect(backordered).toBeGreaterThan(0)
  expect(reserved + backordered).toBe(13)
  return { id, line, reserved, backordered }
}

/** The warehouse picks a reserved order in full and ships it with this carrier and tracking number, from the console's order page. */
export async function pickAndShip(page: Page, orderId: string, carrier: string, tracking: string) {
  await page.goto(`/console/orders/${orderId}`)
  await hydrated(page)
  await page.getByTestId('submit-pick').click()
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'picked')
  const ship = page.getByTestId('action-ship')
  await ship.getByTestId('ship-carrier').fill(carrier)
  await ship.getByTestId('ship-tracking').fill(tracking)
  await ship.getByTestId('submit-ship').click()
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'shipped')
}

/** A shown amount or quantity as a number ("¥1,234.50" → 1234.5). */
export const num = (s: string | null) => Number((s ?? '').replace(/[^\d.-]/g, ''))

/** The page is hydrated and its socket connected: what it shows from now on can only change live. */
export async function live(page: Page) {
  await hydrated(page)
  await expect(page.locator('html')).toHaveAttribute('data-socket', 'connected')
}

/** Marks the page's window: the mark survives a refetch and is gone after a reload. */
export const markNoReload = (page: Page) => page.evaluate(() => ((window as any).__noReload = true))
export const notReloaded = async (page: Page) => expect(await page.evaluate(() => (window as any).__noReload)).toBe(true)

/** The dealer cancels its own order from its order page (releasing stock and any open requisition): the specs' clean-up. */
export async function cancelAsDealer(page: Page, orderId: string) {
  await page.goto(`/dealer/orders/${orderId}`)
  await hydrated(page)
  await page.getByTestId('cancel-reason').fill('E2E clean-up')
  await page.getByTestId('cancel-submit').click()
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'cancelled')
}
