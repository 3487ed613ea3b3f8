import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test('the warehouse user adjusts a product’s stock with a reason and sees the movement and the new balance', async ({ page }) => {
  await signIn(page, 'warehouse@acme.test')
  await page.goto('/console/inventory?q=MT-2005&warehouse=SH-MAIN')
  await hydrated(page)
  // MT-2005 was received with 560 units in SH-MAIN by the demo seed.
  // Every quantity of the row with its unit, as On hand has it: reserved and available read bare beside 560 米.
  await expect(page.getByTestId('stock-available')).toHaveText(['560 米'])
  await page.getByTestId('stock-sku').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  // Batch-tracked, in three lots there: the adjustment names the newest, 224 of the 560.
  const shMain = page.locator('[data-testid="balance-row"][data-warehouse="SH-MAIN"][data-bin=""][data-batch="2610-R17"]')
  await expect(shMain.getByTestId('balance-on-hand')).toHaveText('224')
  // The seed's opening balance reads in the user's language (Chinese), not as the stored English.
  await expect(page.getByTestId('move-row').last().getByTestId('move-reason')).toHaveText('期初余额')

  const form = page.getByTestId('adjust-form')
  await form.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await form.getByTestId('adjust-batch').fill('2610-R17')
  await form.getByTestId('adjust-quantity').fill('-3')
  await form.getByTestId('adjust-reason').fill('Water damage, dock 2')
  await form.getByTestId('adjust-submit').click()

  await expect(shMain.getByTestId('balance-on-hand')).toHaveText('221')
  await expect(shMain.getByTestId('balance-available')).toHaveText('221')
  const latest = page.getByTestId('move-row').first()
  await expect(latest.getByTestId('move-reason')).toHaveText('Water damage, dock 2')
  await expect(latest.getByTestId('move-quantity')).toHaveText('-3')
  await expect(latest).toContainText('杨帆 Yang Fan')
  // Done, the form starts empty: left filled in, one more click moved the same stock again.
  await expect(form.getByTestId('adjust-quantity')).toHaveValue('')
  await expect(form.getByTestId('adjust-reason')).toHaveValue('')
  await expect(form.getByTestId('adjust-warehouse')).toHaveValue('')
  await expect(form.getByTestId('adjust-batch')).toHaveValue('')
  // The fresh form took the pressed button's place: focus is on its first field, not dropped on the page's top.
  await expect(form.getByTestId('adjust-warehouse')).toBeFocused()

  // Too large a decrease is refused next to the quantity, and nothing changes.
  await form.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await form.getByTestId('adjust-batch').fill('2610-R17')
  await form.getByTestId('adjust-quantity').fill('-1000')
  await form.getByTestId('adjust-reason').fill('typo')
  await form.getByTestId('adjust-submit').click()
  await expect(form.getByTestId('error-quantity')).toBeVisible()
  // Refused, it keeps what was typed beside the error.
  await expect(form.getByTestId('adjust-quantity')).toHaveValue('-1000')
  await expect(shMain.getByTestId('balance-on-hand')).toHaveText('221')
  await expect(page.getByTestId('move-row').first().getByTestId('move-reason')).toHaveText('Water damage, dock 2')
})

test('the ledger filters a product’s movements and traces a batch to the dealer who got it', async ({ page }) => {
  await signIn(page, 'warehouse@acme.test')
  await page.goto('/console/inventory?q=EL-1002&warehouse=SH-MAIN')
  await hydrated(page)
  await page.getByTestId('stock-sku').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  // The ledger's warehouse filter names each warehouse as the stock list's does (it listed bare codes).
  await expect(page.getByTestId('ledger-filters').getByTestId('filter-warehouse').locator('option[value="SH-MAIN"]')).toHaveText('SH-MAIN · 上海总仓')
  // The demo received the resistors in two lots; North's shipped order took the first one whole.
  await page.getByTestId('filter-kind').selectOption('shipment')
  await page.getByTestId('ledger-filters').getByRole('button').click()
  await expect(page).toHaveURL(/kind=shipment/)
  const shipment = page.getByTestId('move-row')
  await expect(shipment).toHaveCount(1)
  await expect(shipment.getByTestId('move-quantity')).toHaveText('-100')
  const orderNumber = (await shipment.getByTestId('move-order').getByRole('link').textContent())!.trim()
  await expect(shipment.getByTestId('move-order')).toContainText('北京北方商贸有限公司')

  await shipment.getByTestId('move-batch').click()
  await expect(page).toHaveURL(/batch=R10K-2609-A/)
  const trace = page.getByTestId('batch-trace')
  await expect(trace).toContainText('R10K-2609-A')
  await expect(trace.getByTestId('trace-dealer')).toHaveCount(1)
  await expect(trace.getByTestId('trace-dealer')).toContainText('北京北方商贸有限公司')
  await expect(trace.getByTestId('trace-quantity')).toHaveText('100 件')
  // The batch's own ledger: received, then shipped.
  await expect(page.getByTestId('move-row').getByTestId('move-kind')).toHaveText(['出库', '入库'])
  await trace.getByRole('link', { name: orderNumber }).click()
  await expect(page).toHaveURL(/\/console\/orders\/[0-9a-f-]{36}$/)
  await expect(page.getByText(orderNumber).first()).toBeVisible()
})

test('a cycle count below what is reserved is refused next to the counted quantity, and nothing changes', async ({ page }) => {
  await signIn(page, 'warehouse@acme.test')
  // Shanghai East's demo order holds 120 LED indicators reserved in SH-MAIN: all 84 of the oldest lot, 2607-L04, first.
  await page.goto('/console/inventory?q=EL-1003&warehouse=SH-MAIN')
  await hydrated(page)
  await page.getByTestId('stock-sku').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const shMain = page.locator('[data-testid="balance-row"][data-warehouse="SH-MAIN"][data-bin=""][data-batch="2607-L04"]')
  const before = await shMain.getByTestId('balance-on-hand').textContent()
  const form = page.getByTestId('count-form')
  await form.getByTestId('count-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await form.getByTestId('count-batch').fill('2607-L04')
  await form.getByTestId('count-quantity').fill('10')
  await form.getByTestId('count-reason').fill('Cycle count')
  await form.getByTestId('count-submit').click()
  await expect(form.getByTestId('error-countedQuantity')).toContainText('盘点数量不能少于已为订单预留的')
  await expect(shMain.getByTestId('balance-on-hand')).toHaveText(before!)
})

// The same opening-balance file imported twice would add its stock twice: the second time the page
// says when and by whom it went in, and only a ticked "import again" with the file chosen anew adds it.
test('importing an opening-balance file a second time asks first', async ({ page }) => {
  await signIn(page, 'warehouse@acme.test')
  // A place of this run only (its own batch), so neither the seed's opening balances nor a retry's first try are met.
  const buffer = Buffer.from(`sku,warehouse,bin,batch,quantity\nPK-3003,SZ-SOUTH,S-01,E2E-${Date.now()},5\n`)
  const upload = async () => {
    await page.goto('/console/inventory/import')
    await hydrated(page)
    await page.getByTestId('import-file').setInputFiles({ name: 'opening-e2e.csv', mimeType: 'text/csv', buffer })
    await page.getByTestId('import-submit').click()
  }
  await upload()
  await expect(page).toHaveURL(/\/console\/inventory$/)
  await upload()
  await expect(page.getByTestId('import-issue-message')).toContainText('该文件已导入过（opening-e2e.csv')
  // A question, not rows to correct: it says how to go on.
  await expect(page.getByTestId('import-issues')).toHaveAttribute('data-kind', 'question')
  await expect(page.getByTestId('import-issues')).toContainText('请勾选下方“再次导入”')
  await page.getByTestId('import-file').setInputFiles({ name: 'opening-e2e.csv', mimeType: 'text/csv', buffer })
  await page.getByTestId('import-again').check()
  await page.getByTestId('import-submit').click()
  await expect(page).toHaveURL(/\/console\/inventory$/)
})
