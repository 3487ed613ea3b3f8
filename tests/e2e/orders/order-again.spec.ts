// "Order again" on a dealer's order page puts that order's lines in the cart, beside what the cart
// already holds, and the cart prices them anew.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { addToCart, placeOrder } from './order-support'

test("a dealer orders again from a past order: its lines join the cart's, priced today", async ({ browser }) => {
  test.setTimeout(90_000)
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    const id = await placeOrder(dave.page, 'MT-2002', '3', `E2E-AGAIN-${Date.now()}`)
    // The placed order emptied the cart; something else goes in before ordering again.
    await addToCart(dave.page, 'EL-1001', '100')
    await addToCart(dave.page, 'MT-2002', '1')
    await dave.page.goto(`/dealer/orders/${id}`)
    await hydrated(dave.page)

    await dave.page.getByTestId('order-again').click()
    await expect(dave.page).toHaveURL(/\/dealer\/cart$/)
    await expect(dave.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    const line = (sku: string) => dave.page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`)
    await expect(line('MT-2002').getByTestId('cart-qty')).toHaveValue('4')
    await expect(line('EL-1001').getByTestId('cart-qty')).toHaveValue('100')
    await expect(dave.page.getByTestId('cart-line')).toHaveCount(2)
  } finally {
    await dave.ctx.close()
  }
})

// The product is this test's own (made, priced and stocked here), so deactivating it takes nothing
// from the demo catalog the other specs order from.
test('ordering again an order whose product was deactivated since: the cart marks that line and holds the order until it is removed', async ({ browser }) => {
  test.setTimeout(120_000)
  const sku = `OA-${Date.now().toString(36).toUpperCase()}`
  const admin = await signedIn(browser, 'admin@acme.test')
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    await admin.page.goto('/console/products/new')
    await hydrated(admin.page)
    await admin.page.getByTestId('field-sku').fill(sku)
    await admin.page.getByTestId('field-category').selectOption({ index: 1 })
    await admin.page.getByTestId('field-name-en').fill('Order-again test bracket')
    await admin.page.getByTestId('field-name-zh').fill('再次订购测试支架')
    await admin.page.getByTestId('field-unit').fill('pcs')
    await admin.page.getByTestId('product-submit').click()
    await expect(admin.page).toHaveURL(/\/console\/products\/[0-9a-f-]{36}$/)
    const productId = admin.page.url().split('/').pop()!

    // North is tier A: a price on PL-A-2026, and stock in SH-MAIN (the cart's first warehouse) so nothing backorders.
    await admin.page.goto('/console/price-lists')
    await hydrated(admin.page)
    await admin.page.getByTestId('price-list-code').filter({ hasText: 'PL-A-2026' }).click()
    await expect(admin.page).toHaveURL(/\/console\/price-lists\/[0-9a-f-]{36}$/)
    await hydrated(admin.page)
    const setItem = admin.page.getByTestId('set-item-form')
    await setItem.getByTestId('item-sku').fill(sku)
    await setItem.getByTestId('item-price').fill('12.50')
    await setItem.getByTestId('item-save').click()
    await expect(admin.page.getByTestId('price-item').filter({ hasText: sku })).toHaveCount(1)
    await admin.page.goto(`/console/inventory/${productId}`)
    await hydrated(admin.page)
    const adjust = admin.page.getByTestId('adjust-form')
    const shMain = (await adjust.getByTestId('adjust-warehouse').locator('option', { hasText: 'SH-MAIN' }).getAttribute('value'))!
    await adjust.getByTestId('adjust-warehouse').selectOption(shMain)
    await adjust.getByTestId('adjust-quantity').fill('50')
    await adjust.getByTestId('adjust-reason').fill('Stock for the order-again test')
    await adjust.getByTestId('adjust-submit').click()
    await expect(admin.page.locator('[data-testid="balance-row"][data-warehouse="SH-MAIN"] [data-testid="balance-on-hand"]')).toHaveText('50')

    // Dave orders it beside a demo product.
    await addToCart(dave.page, 'MT-2002', '2')
    const id = await placeOrder(dave.page, sku, '3', `E2E-AGAIN-GONE-${Date.now()}`)
    await expect(dave.page.getByTestId('order-line')).toHaveCount(2)

    await admin.page.goto(`/console/products/${productId}`)
    await hydrated(admin.page)
    await admin.page.getByTestId('toggle-active').click()
    await expect(admin.page.getByTestId('product-status')).toHaveText(/inactive|停用/i)

    await dave.page.goto(`/dealer/orders/${id}`)
    await hydrated(dave.page)
    await dave.page.getByTestId('order-again').click()
    await expect(dave.page).toHaveURL(/\/dealer\/cart$/)
    // Both lines are in the cart; the deactivated product's says it cannot be ordered, the other's says nothing.
    const lines = dave.page.getByTestId('cart-line')
    await expect(lines).toHaveCount(2)
    const gone = dave.page.locator(`[data-testid="cart-line"][data-product-id="${productId}"]`)
    const kept = dave.page.locator(`[data-testid="cart-line"]:not([data-product-id="${productId}"])`)
    await expect(gone.getByTestId('cart-line-error')).toHaveText(/not available for ordering|不可订购/)
    await expect(gone.getByTestId('cart-qty')).toHaveValue('3')
    await expect(kept.getByTestId('cart-line-error')).toHaveCount(0)
    await expect(kept.getByTestId('cart-qty')).toHaveValue('2')
    // The line is still named, and the rest of the cart is priced meanwhile: the total is the other line's.
    await expect(gone).toContainText(sku)
    await expect(gone).toHaveAttribute('data-orderable', 'no')
    await expect(kept.getByTestId('cart-line-net')).toContainText(/29\.60/) // 2 × ¥14.80
    await expect(dave.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    await expect(dave.page.getByTestId('cart-excluded')).toBeVisible()
    // The order cannot go out as it is.
    await expect(dave.page.getByTestId('place-order')).toBeDisabled()

    // Removing the line prices the rest, which can be ordered.
    await gone.getByTestId('cart-remove').click()
    await expect(dave.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    await expect(lines).toHaveCount(1)
    await expect(dave.page.locator('[data-testid="cart-line"][data-sku="MT-2002"]').getByTestId('cart-qty')).toHaveValue('2')
    await expect(dave.page.getByTestId('cart-line-error')).toHaveCount(0)
    await expect(dave.page.getByTestId('cart-excluded')).toHaveCount(0)
    await expect(dave.page.getByTestId('place-order')).toBeEnabled()
  } finally {
    await Promise.all([admin.ctx.close(), dave.ctx.close()])
  }
})
