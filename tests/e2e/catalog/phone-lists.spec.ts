import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { chineseFontReady, withChineseFont, wrapped } from '../text-layout'

test.use({ viewport: { width: 390, height: 844 } })

// As tables squeezed into a phone, the product list broke names and categories mid-word (CX-100 控制 / 器, 电子 / 元件) and the
// warehouse list stood its addresses two or three characters per line (上海市 / 浦东新 / 区张江). A card per row shows each whole.
test('on a phone the product and warehouse lists are a card per row, their Chinese names and addresses whole', async ({ page }) => {
  await withChineseFont(page)
  await signIn(page, 'admin@acme.test')
  await page.goto('/console/products?q=AS-400')
  await hydrated(page)
  await chineseFontReady(page)
  const product = page.getByTestId('products-table').locator('tbody tr').first()
  expect(await product.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
  await expect(product.getByText('税率', { exact: true })).toBeVisible()
  expect(await wrapped(product)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  // Beside 全部类别, the status filter said only 全部 (All): all of what, with its label hidden.
  await expect(page.getByTestId('filter-status').locator('option').first()).toHaveText('全部状态')

  await page.goto('/console/warehouses?q=SH-MAIN')
  await hydrated(page)
  const warehouse = page.getByTestId('warehouses-table').locator('tbody tr').first()
  expect(await warehouse.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
  await expect(warehouse.getByText('上海市浦东新区张江路 88 号')).toBeVisible()
  expect(await wrapped(warehouse)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
})
