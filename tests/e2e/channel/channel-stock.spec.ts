import ExcelJS from 'exceljs'
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'

/** The value of the product option whose label starts with the SKU. */
async function productValue(page: Page, row: number, sku: string) {
  const option = page.getByTestId('line-product').nth(row).locator('option', { hasText: `${sku} ·` })
  return (await option.getAttribute('value'))!
}

test('a dealer reports a week by form, is told about a product listed twice, and sees the report in its history', async ({ page }) => {
  await signIn(page, 'dave@north.test')
  await page.goto('/dealer/channel-stock')
  await hydrated(page)
  // The demo weeks are there already.
  await expect(page.getByTestId('history-period').first()).toBeVisible()
  await page.getByTestId('channel-new-link').click()
  await expect(page).toHaveURL(/\/dealer\/channel-stock\/new/)
  await page.goto('/dealer/channel-stock/new?kind=week&period=2026-01-07')
  await hydrated(page)
  await expect(page.getByTestId('period-name')).toContainText('2026-W02')

  const rows = page.getByTestId('report-line')
  await rows.nth(0).getByTestId('line-product').selectOption(await productValue(page, 0, 'EL-1001'))
  await rows.nth(0).getByTestId('line-on-hand').fill('120')
  await rows.nth(0).getByTestId('line-sold').fill('35.5')
  await rows.nth(1).getByTestId('line-product').selectOption(await productValue(page, 1, 'MT-2001'))
  await rows.nth(1).getByTestId('line-on-hand').fill('0')
  await rows.nth(1).getByTestId('line-sold').fill('14')
  await rows.nth(2).getByTestId('line-product').selectOption(await productValue(page, 2, 'EL-1001'))
  await rows.nth(2).getByTestId('line-on-hand').fill('-1')
  await rows.nth(2).getByTestId('line-sold').fill('2')
  await page.getByTestId('report-submit').click()
  await expect(page.getByTestId('error-lines[2].productId')).toHaveText('该产品已在其他行中填写。')
  await expect(page.getByTestId('error-lines[2].onHand')).toHaveText('请输入大于或等于 0 的数字，最多 4 位小数。')
  await expect(page).toHaveURL(/\/new\?/)

  await rows.nth(2).getByTestId('line-product').selectOption('')
  await rows.nth(2).getByTestId('line-on-hand').fill('')
  await rows.nth(2).getByTestId('line-sold').fill('')
  await page.getByTestId('report-submit').click()
  await expect(page).toHaveURL(/\/dealer\/channel-stock\/[0-9a-f-]{36}$/)
  await expect(page.locator('[data-testid="report-line-row"][data-sku="EL-1001"] [data-testid="line-sold-value"]')).toHaveText('35.5')
  await expect(page.locator('[data-testid="report-line-row"][data-sku="MT-2001"] [data-testid="line-sold-value"]')).toHaveText('14')

  await page.goto('/dealer/channel-stock?sort=period&dir=asc')
  const mine = page.getByTestId('history-period').filter({ hasText: '2026-W02' })
  await expect(mine).toHaveCount(1)
  const row = page.getByRole('row').filter({ has: mine })
  await expect(row.getByTestId('history-sold')).toHaveText('49.5')
  await expect(row.getByTestId('history-on-hand')).toHaveText('120')
})

test('an .xlsx upload with a bad row lists the row and saves nothing', async ({ page }) => {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('stock')
  ws.addRow(['sku', 'on_hand', 'sold'])
  ws.addRow(['EL-1001', 80, 12])
  ws.addRow(['EL-1002', 'lots', 4])
  ws.addRow(['PK-3001', 15, 3])
  const buffer = Buffer.from(await wb.xlsx.writeBuffer())

  await signIn(page, 'dave@north.test')
  await page.goto('/dealer/channel-stock')
  await hydrated(page)
  await page.getByTestId('channel-upload-link').click()
  await expect(page).toHaveURL(/\/dealer\/channel-stock\/upload/)
  await hydrated(page)
  await page.getByTestId('upload-period').fill('2026-01-14')
  await page.getByTestId('upload-period-apply').click()
  await expect(page).toHaveURL(/period=2026-01-14/)
  await expect(page.getByTestId('upload-period-current')).toContainText('2026-W03')
  await hydrated(page)
  await page.getByTestId('import-file').setInputFiles({ name: 'channel-stock.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
  await page.getByTestId('import-submit').click()
  const issues = page.getByTestId('import-issue')
  await expect(issues).toHaveCount(1)
  await expect(issues.first()).toHaveAttribute('data-row', '3')
  await expect(issues.first().getByTestId('import-issue-message')).toHaveText('请输入大于或等于 0 的数字，最多 4 位小数。')

  await page.goto('/dealer/channel-stock')
  await expect(page.getByTestId('history-period').first()).toBeVisible()
  await expect(page.getByTestId('history-period').filter({ hasText: '2026-W03' })).toHaveCount(0)
})

test('the sales manager sees channel stock across dealers with the chart, and downloads the export', async ({ page }) => {
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/channel-stock')
  await hydrated(page)
  await expect(page.getByTestId('channel-chart').locator('svg.recharts-surface[role="application"]')).toBeVisible()
  await expect(page.getByTestId('channel-chart').locator('.recharts-bar-rectangle').first()).toBeVisible()
  const rows = page.getByTestId('row-sku')
  await expect(rows.first()).toBeVisible()
  expect(await rows.count()).toBeGreaterThan(10)
  await expect(page.getByTestId('row-dealer').filter({ hasText: 'DLR-SOUTH' }).first()).toBeVisible()

  // Per region: one row per region and product.
  await page.getByTestId('filter-group').selectOption('region')
  await page.getByTestId('filter-region').selectOption('North China')
  await page.getByTestId('filter-apply').click()
  await expect(page).toHaveURL(/group=region/)
  await expect(page.getByTestId('row-dealer')).toHaveCount(0)
  const northRows = await rows.count()
  expect(northRows).toBe(8) // DLR-NORTH's demo assortment

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('channel-export').click()])
  expect(download.suggestedFilename()).toMatch(/^channel-stock-.*\.xlsx$/)
  const path = await download.path()
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(path!)
  const sheet = book.worksheets[0]
  expect(sheet.rowCount).toBe(northRows + 1)
  // The region is stored as "North China" (the filter's value) and named in the reader's language.
  expect(String(sheet.getRow(2).getCell(1).value)).toBe('华北')
})
