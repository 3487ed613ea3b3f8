// The dealer's cart reads as a table at 1280 px and as cards at 390 px: at 1280 the product column was
// squeezed by the others until a name like "Corrugated carton 40×30×30" broke into a word per line
// beside its SKU, while the quantity, amounts and availability kept their width.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { setLocale } from '../text-layout'
import { addToCart } from './order-support'

const SKUS = ['PK-3001', 'MT-2001', 'EL-1005']

/** Lines a block of text takes, from its height and its line height. */
const linesOf = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))))

async function expectReadableCart(page: Page, width: number) {
  await page.setViewportSize({ width, height: 900 })
  await expect(page.getByTestId('cart-line')).toHaveCount(SKUS.length)
  await page.screenshot({ path: test.info().outputPath(`cart-${width}-${await page.locator('html').getAttribute('lang')}.png`), fullPage: true })
  // Each SKU on one line; each name on at most two (one at 1280).
  for (const n of await linesOf(page, 'cart-line-sku')) expect(n, `SKU lines at ${width}px`).toBe(1)
  for (const n of await linesOf(page, 'cart-line-name')) expect(n, `name lines at ${width}px`).toBeLessThanOrEqual(width >= 1280 ? 1 : 2)
  // Nothing scrolls sideways, the page nor the table.
  const { page: pageScroll, table } = await page.evaluate(() => {
    const box = document.querySelector('[data-testid="cart-lines"]')!.parentElement!
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, table: box.scrollWidth - box.clientWidth }
  })
  expect(pageScroll, `page at ${width}px`).toBeLessThanOrEqual(0)
  expect(table, `cart table at ${width}px`).toBeLessThanOrEqual(0)
}

test('the cart reads well at 1280 and 390 px in both languages: names and SKUs whole, no sideways scroll', async ({ page }) => {
  await signIn(page, 'dora@north.test')
  for (const sku of SKUS) await addToCart(page, sku, '900')
  await page.goto('/dealer/cart')
  await hydrated(page)
  await expect(page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
  for (const width of [1280, 390]) await expectReadableCart(page, width)
  await setLocale(page, 'en')
  try {
    await page.reload()
    await hydrated(page)
    await expect(page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    for (const width of [1280, 390]) await expectReadableCart(page, width)
  } finally {
    await setLocale(page, 'zh-CN')
  }
})
