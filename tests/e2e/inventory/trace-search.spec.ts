// The trace search finds serial numbers by their first characters across products, and the product picker narrows it to
// one; the match opens that serial number's trace, which says where it is. The serial numbers are this test's own, one on
// each of two products under one prefix (received first, written off at the end), so it runs again on the same server.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'

async function openProduct(page: Page, sku: string) {
  await page.goto(`/console/inventory?q=${sku}`)
  await hydrated(page)
  await page.getByTestId('stock-sku').first().click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  await expect(page.getByTestId('adjust-form')).toHaveAttribute('data-tracking', 'serial')
}

/** Receives (quantity 1) or writes off (-1) one serial number at a warehouse without a bin, through the product page's form. */
async function adjustSerial(page: Page, sku: string, warehouse: string, serial: string, quantity: '1' | '-1') {
  const line = page.locator(`[data-testid="balance-row"][data-warehouse="${warehouse.slice(0, warehouse.indexOf(' '))}"][data-bin=""][data-serials]`)
  const before = Number(await line.getAttribute('data-serials'))
  const adjust = page.getByTestId('adjust-form')
  await adjust.getByTestId('adjust-warehouse').selectOption({ label: warehouse })
  await adjust.getByTestId('adjust-serials').fill(serial)
  await adjust.getByTestId('adjust-quantity').fill(quantity)
  await adjust.getByTestId('adjust-reason').fill('E2E trace search')
  await adjust.getByTestId('adjust-submit').click()
  // The answer first, with room for a loaded run (a receipt also offers the unit to waiting backorders before it answers):
  // the count once showed the old figure for 7 s, and it could not be told whether the command was refused or slow.
  await expect(page.getByTestId('toast').filter({ hasText: `已调整 ${sku} 的库存` })).toBeVisible({ timeout: 15_000 })
  await expect(line).toHaveAttribute('data-serials', String(before + Number(quantity)))
}

test('the trace search finds serial numbers by their first characters, narrows to one product, and opens the serial’s trace', async ({ page }) => {
  test.setTimeout(60_000)
  const stamp = Date.now().toString(36).toUpperCase()
  const prefix = `TRC-E2E-${stamp}-`
  const controller = `${prefix}CX`
  const board = `${prefix}MCU`
  await signIn(page, 'warehouse@acme.test')
  await openProduct(page, 'AS-4001')
  await adjustSerial(page, 'AS-4001', 'SZ-SOUTH · 深圳南仓', controller, '1')
  await openProduct(page, 'EL-1004')
  await adjustSerial(page, 'EL-1004', 'SH-MAIN · 上海总仓', board, '1')

  // The first characters, in another case, find both products' serial numbers.
  await page.goto('/console/inventory/trace')
  await hydrated(page)
  const q = page.locator('#trace-matches-q')
  await q.fill(prefix.toLowerCase())
  await q.press('Enter')
  await expect(page).toHaveURL(new RegExp(`q=${prefix.toLowerCase()}`))
  const matches = page.getByTestId('trace-match')
  await expect(matches.getByTestId('trace-match-batch')).toHaveText([controller, board].sort())
  await expect(matches.filter({ hasText: controller }).getByTestId('trace-match-product')).toContainText('AS-4001')
  await expect(matches.filter({ hasText: board }).getByTestId('trace-match-product')).toContainText('EL-1004')

  // The picker narrows them to the product chosen; the search stays.
  const picker = page.getByTestId('trace-product')
  await picker.pressSequentially('as-4001')
  await page.getByTestId('trace-product-listbox').locator('[data-code="AS-4001"]').click()
  await expect(picker).toHaveValue(/^AS-4001 · /)
  await page.getByTestId('trace-product-filter').getByRole('button', { name: '筛选' }).click()
  await expect(page).toHaveURL(/[?&]product=AS-4001(&|$)/)
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix.toLowerCase()}(&|$)`))
  await expect(matches.getByTestId('trace-match-batch')).toHaveText([controller])
  await expect(matches.getByTestId('trace-match-product')).toContainText('AS-4001')

  // The match opens its serial number's trace: in Shenzhen, one unit, received by this test.
  await matches.getByTestId('trace-match-batch').click()
  await expect(page).toHaveURL(new RegExp(`/console/inventory/trace/[0-9a-f-]{36}\\?batch=${controller}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`序列号 ${controller}`)
  const balance = page.getByTestId('trace-balance')
  await expect(balance).toHaveCount(1)
  await expect(balance).toContainText('SZ-SOUTH')
  await expect(balance.getByTestId('trace-balance-on-hand')).toHaveText('1')
  await expect(page.getByTestId('trace-origin')).toHaveCount(1)
  await expect(page.getByTestId('trace-origin')).toContainText('E2E trace search')

  // Written off again, so the next run starts where this one did.
  await page.getByTestId('trace-product').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  await adjustSerial(page, 'AS-4001', 'SZ-SOUTH · 深圳南仓', controller, '-1')
  await openProduct(page, 'EL-1004')
  await adjustSerial(page, 'EL-1004', 'SH-MAIN · 上海总仓', board, '-1')
})
