import { expect, test } from '@playwright/test'
import { hydrated, signIn, signedIn } from '../support'

// The demo received the resistors EL-1002 in two lots; North's shipped demo order took the older,
// R10K-2609-A, whole. Staff find it by the start of its number, in any case, and follow it to North;
// a user of North sees the same lot on the shipment of its own order.
test('staff trace a batch to the dealer who got it, and the dealer sees the batch on its own order', async ({ page, browser }) => {
  await signIn(page, 'warehouse@acme.test')
  await page.goto('/console/inventory/trace')
  await hydrated(page)
  await page.locator('#trace-matches-q').fill('r10k-2609')
  await page.locator('#trace-matches-q').press('Enter')
  await expect(page).toHaveURL(/q=r10k-2609/)
  const match = page.getByTestId('trace-match')
  await expect(match).toHaveCount(1)
  await expect(match.getByTestId('trace-match-product')).toContainText('EL-1002')
  await match.getByTestId('trace-match-batch').click()

  await expect(page).toHaveURL(/\/console\/inventory\/trace\/[0-9a-f-]{36}\?batch=R10K-2609-A$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('批次 R10K-2609-A')
  const shipment = page.getByTestId('trace-shipment')
  await expect(shipment).toHaveCount(1)
  await expect(shipment.getByTestId('trace-shipment-dealer')).toContainText('北京北方商贸有限公司')
  await expect(shipment.getByTestId('trace-shipment-quantity')).toHaveText('100 件')
  await expect(page.getByTestId('trace-on-hand')).toHaveText('0 件')
  // On a phone each shipment reads as a card and the page never pans sideways.
  await page.setViewportSize({ width: 375, height: 667 })
  expect(await shipment.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  const orderHref = (await shipment.getByTestId('trace-shipment-order').getAttribute('href'))!
  const orderId = /\/console\/orders\/([0-9a-f-]{36})$/.exec(orderHref)![1]

  // The recall list downloads as a spreadsheet: offered, as one shipment is far below what a list holds.
  await expect(page.getByTestId('trace-export-too-many')).toHaveCount(0)
  const href = (await page.getByTestId('trace-export-xlsx').getAttribute('href'))!
  const recall = await page.request.get(href)
  expect(recall.status()).toBe(200)
  expect(recall.headers()['content-type']).toContain('spreadsheetml')
  // A format it does not write is refused in words, not answered with an .xlsx.
  const pdf = await page.request.get(href.replace('format=xlsx', 'format=pdf'))
  expect(pdf.status()).toBe(400)
  expect(await pdf.text()).toBe('导出文件只提供 xlsx 或 csv 格式，请使用 format=xlsx 或 format=csv。')

  const dora = await signedIn(browser, 'dora@north.test')
  try {
    await dora.page.goto(`/dealer/orders/${orderId}`)
    const line = dora.page.locator('[data-testid="shipment-line"][data-sku="EL-1002"]')
    await expect(line.getByTestId('shipment-batch')).toHaveText(['R10K-2609-A'])
    // A dealer's page names the batch; it links nowhere (the trace is the host's).
    await expect(line.getByRole('link')).toHaveCount(0)
  } finally {
    await dora.ctx.close()
  }
})
