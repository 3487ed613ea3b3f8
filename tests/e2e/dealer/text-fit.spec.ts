import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { renderedTexts, wrapped } from '../text-layout'
import { addToCart } from '../orders/order-support'

// On a phone the order's other columns squeezed the product cell: 铝 / 合 / 金 / 支 / 架 one character
// per line, the SKU broken at its hyphen, and 审批通过后预留 seven lines tall on an order held over credit.
test("on a phone an order's lines keep their SKU, name and held note readable", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, 'frank@south.test')
  // Frank's newest order and his held one (the demo's, over credit): a list filtered to waiting orders finds it whatever
  // other specs ordered since, and two pages are read, not every order of the list.
  const hrefs = async (url: string) => {
    await page.goto(url)
    return page.getByTestId('order-row').getByRole('link', { name: /^SO-/ }).evaluateAll((as) => as.map((a) => a.getAttribute('href')!))
  }
  const orders = [...new Set([(await hrefs('/dealer/orders'))[0], (await hrefs('/dealer/orders?status=submitted'))[0]])]
  expect(orders.length).toBeGreaterThanOrEqual(1)
  let held = 0
  for (const href of orders) {
    await page.goto(href)
    await hydrated(page)
    for (const line of await page.getByTestId('order-line').all()) {
      const [sku, name] = await renderedTexts(line.locator('td').nth(1))
      expect(sku.lines, sku.text).toBe(1)
      expect(name.lines, name.text).toBeLessThanOrEqual(2)
      const note = line.getByTestId('line-on-approval')
      if (await note.count()) {
        held++
        expect(await wrapped(note)).toEqual([])
      }
    }
  }
  expect(held).toBeGreaterThan(0)
})

// A volume step broke between its quantity and its price (≥500 件 / ¥0.252) on a 1280-pixel screen.
test('the catalog keeps each volume price step whole', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'dave@north.test')
  await page.goto('/dealer/catalog')
  await hydrated(page)
  const steps = page.getByTestId('price-break')
  expect(await steps.count()).toBeGreaterThan(5)
  for (const step of await steps.all()) expect(await wrapped(step)).toEqual([])
})

// On a small laptop the cart's short notes broke mid-phrase: 有货（可用 / 800） and 另加 13% / 税.
test("the cart's tax and in-stock notes keep to one line on a small laptop", async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 900 })
  await signIn(page, 'frank@south.test')
  for (const [sku, quantity] of [['AS-4001', '5'], ['MT-2001', '30']]) await addToCart(page, sku, quantity)
  await page.goto('/dealer/cart')
  await hydrated(page)
  await expect(page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
  const lines = page.getByTestId('cart-line')
  await expect(lines).toHaveCount(2)
  for (const line of await lines.all()) {
    await expect(line.getByTestId('cart-line-availability')).toHaveAttribute('data-backorder', 'no')
    expect(await wrapped(line.getByTestId('cart-line-availability'))).toEqual([])
    expect(await wrapped(line.getByTestId('cart-line-net'))).toEqual([])
  }
})
