import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { addToCart } from './order-support'
import { wrapped } from '../text-layout'

// Removing a line with the keyboard keeps the dealer's place (focus once fell to <body>) and says what went.
test('removing a cart line moves focus to the next line, the previous one or the empty cart, and says so', async ({ page }) => {
  await signIn(page, 'dora@north.test')
  for (const sku of ['PK-3001', 'AS-4002', 'MT-2004']) await addToCart(page, sku, '2')
  await page.goto('/dealer/cart')
  await hydrated(page)
  await expect(page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
  const line = (sku: string) => page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`)
  const announce = page.getByTestId('cart-announce')
  await expect(announce).toHaveAttribute('role', 'status')

  await line('AS-4002').getByRole('button', { name: '移除 AS-4002' }).focus()
  await page.keyboard.press('Enter')
  await expect(line('AS-4002')).toHaveCount(0)
  await expect(line('MT-2004').getByTestId('cart-qty')).toBeFocused()
  await expect(announce).toHaveText('已从购物车移除 AS-4002。')

  await line('MT-2004').getByRole('button', { name: '移除 MT-2004' }).focus()
  await page.keyboard.press('Enter')
  await expect(line('PK-3001').getByTestId('cart-qty')).toBeFocused()
  await expect(announce).toHaveText('已从购物车移除 MT-2004。')

  await line('PK-3001').getByRole('button', { name: '移除 PK-3001' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('cart-empty')).toBeFocused()
  await expect(announce).toHaveText('已从购物车移除 PK-3001。')
})

// Squeezed by a backordered line's note, the remove button read 移 / 除 on a 1280-pixel screen.
test("a cart line's remove button keeps its word on one line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'dave@north.test')
  for (const [sku, quantity] of [['AS-4001', '2'], ['EL-1001', '150'], ['MT-2004', '12.5']]) await addToCart(page, sku, quantity)
  await page.goto('/dealer/cart')
  await hydrated(page)
  await expect(page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
  const remove = page.getByTestId('cart-remove')
  await expect(remove).toHaveCount(3)
  for (const button of await remove.all()) expect(await wrapped(button)).toEqual([])
})
