import ExcelJS from 'exceljs'
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { setLocale } from '../text-layout'

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
  await expect(page.getByTestId('period-name')).toContainText('2026 年第 2 周')
  // Every line blank: the list's message has no field for the refusal to focus, so it must be announced by itself.
  await page.getByTestId('report-submit').click()
  await expect(page.getByRole('alert').filter({ hasText: '请至少填写一个产品。' })).toBeVisible()

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
  await expect(page.getByTestId('error-lines[2].onHand')).toHaveText('不能为负数，请输入 0 或更大的数。')
  await expect(page).toHaveURL(/\/new\?/)

  await rows.nth(2).getByTestId('line-product').selectOption('')
  await rows.nth(2).getByTestId('line-on-hand').fill('')
  await rows.nth(2).getByTestId('line-sold').fill('')
  await page.getByTestId('report-submit').click()
  // Capacitors are counted in pieces: half of one cannot have been sold.
  await expect(page.getByTestId('error-lines[0].sold')).toHaveText('EL-1001 按整数计量：请输入整数。')
  await rows.nth(0).getByTestId('line-sold').fill('35')
  await page.getByTestId('report-submit').click()
  await expect(page).toHaveURL(/\/dealer\/channel-stock\/[0-9a-f-]{36}$/)
  await expect(page.locator('[data-testid="report-line-row"][data-sku="EL-1001"] [data-testid="line-sold-value"]')).toHaveText('35')
  await expect(page.locator('[data-testid="report-line-row"][data-sku="MT-2001"] [data-testid="line-sold-value"]')).toHaveText('14')

  await page.goto('/dealer/channel-stock?sort=period&dir=asc')
  const mine = page.getByTestId('history-period').filter({ hasText: '2026 年第 2 周' })
  await expect(mine).toHaveCount(1)
  const row = page.getByRole('row').filter({ has: mine })
  await expect(row.getByTestId('history-sold')).toHaveText('49')
  await expect(row.getByTestId('history-on-hand')).toHaveText('120')
})

// Each column kept its header on one line: ON HAND (TOTAL), SUBMITTED BY and LAST SUBMITTED side by side pushed the
// last column out of a 1280-pixel screen in English.
test("a dealer's channel history fits a desktop in English", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'dave@north.test')
  await setLocale(page, 'en')
  try {
    await page.goto('/dealer/channel-stock')
    await hydrated(page)
    const table = page.getByTestId('channel-history-table').locator('table')
    await expect(table.getByTestId('history-period').first()).toHaveText(/^Week \d+, \d{4}$/)
    expect(await table.evaluate((t) => t.getBoundingClientRect().width - t.parentElement!.clientWidth)).toBeLessThanOrEqual(1)
    // A demo week counts pieces and sets: each total's heading names its unit in the plural, as its figures do.
    await table.getByRole('row').filter({ hasText: ' sets' }).filter({ hasText: ' pcs' }).first().getByTestId('history-period').click()
    await expect(page).toHaveURL(/\/dealer\/channel-stock\/[0-9a-f-]{36}$/)
    await expect(page.locator('[data-testid="report-total"][data-unit="set"] th')).toHaveText('Total (sets)')
    await expect(page.locator('[data-testid="report-total"][data-unit="pcs"] th')).toHaveText('Total (pcs)')
  } finally {
    await setLocale(page, 'zh-CN')
  }
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
  await expect(page.getByTestId('upload-period-current')).toContainText('2026 年第 3 周')
  await page.getByTestId('import-file').setInputFiles({ name: 'channel-stock.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
  await page.getByTestId('import-submit').click()
  const issues = page.getByTestId('import-issue')
  await expect(issues).toHaveCount(1)
  await expect(issues.first()).toHaveAttribute('data-row', '3')
  await expect(issues.first().getByTestId('import-issue-message')).toHaveText('请输入数字，例如 1,250 或 12.5。')
  // The column is named as the Chinese template heads it, whatever heading the file used.
  await expect(issues.first().getByTestId('import-issue-column')).toHaveText('期末库存')
  await expect(page.getByTestId('import-columns')).toContainText('本期销量')

  await page.goto('/dealer/channel-stock')
  await expect(page.getByTestId('history-period').first()).toBeVisible()
  await expect(page.getByTestId('history-period').filter({ hasText: '2026 年第 3 周' })).toHaveCount(0)
})

test('an upload goes to the period shown in its form, and a reported period says whose report it replaces', async ({ page }) => {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('stock')
  ws.addRow(['sku', 'on_hand', 'sold'])
  ws.addRow(['PK-3001', 15, 3])
  const buffer = Buffer.from(await wb.xlsx.writeBuffer())

  await signIn(page, 'erin@east.test')
  await page.goto('/dealer/channel-stock?sort=period&dir=desc')
  const latest = page.getByTestId('history-period').first()
  const latestLabel = (await latest.textContent())!.trim()
  // Opened for the latest demo week: the page says the upload would replace it, naming it.
  await page.goto(`/dealer/channel-stock/upload?kind=week&period=${await mondayOf(page, latestLabel)}`)
  await hydrated(page)
  await expect(page.getByTestId('replacing-note')).toContainText(latestLabel)
  await expect(page.getByTestId('import-submit')).toContainText(latestLabel)

  // The period changed in the field, nothing else pressed: the note goes, and the upload is for that period.
  await page.getByTestId('upload-period').fill('2026-01-21')
  await expect(page.getByTestId('upload-period-current')).toContainText('2026 年第 4 周')
  await expect(page.getByTestId('replacing-note')).toHaveCount(0)
  await page.getByTestId('import-file').setInputFiles({ name: 'w04.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
  await page.getByTestId('import-submit').click()
  await expect(page).toHaveURL(/\/dealer\/channel-stock$/)
  const w04 = page.getByRole('row').filter({ has: page.getByTestId('history-period').filter({ hasText: '2026 年第 4 周' }) })
  await expect(w04.getByTestId('history-sold')).toContainText('3')
  // The week the page was opened for is still the demo's report.
  const kept = page.getByRole('row').filter({ has: page.getByTestId('history-period').filter({ hasText: latestLabel }) })
  await expect(kept).toContainText('演示数据')
})

/** The Monday of an ISO week label such as 2026 年第 48 周, as the page would compute it. */
async function mondayOf(page: Page, label: string) {
  return page.evaluate((l) => {
    const [, y, w] = /^(\d{4}) 年第 (\d+) 周$/.exec(l)!.map(Number)
    const jan4 = new Date(Date.UTC(y, 0, 4))
    const monday = new Date(jan4)
    monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + (w - 1) * 7)
    return monday.toISOString().slice(0, 10)
  }, label)
}

test('the sales manager sees channel stock across dealers with the chart, and downloads the export', async ({ page }) => {
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/channel-stock')
  await hydrated(page)
  // The demo's products come in pieces, sets, kilograms and rolls: a chart per unit, none adding them up.
  await expect(page.getByTestId('per-unit-note')).toBeVisible()
  await expect(page.getByTestId('channel-chart')).toHaveCount(4)
  // Drawn, but not a tab stop in role="application": the figure's hidden table says what it shows.
  await expect(page.getByTestId('channel-chart').first().locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible()
  await expect(page.getByTestId('channel-chart').first().locator('.recharts-wrapper > svg.recharts-surface')).not.toHaveAttribute('role', 'application')
  await expect(page.getByTestId('channel-chart').first().locator('.recharts-bar-rectangle').first()).toBeVisible()
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
