import ExcelJS from 'exceljs'
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'

// The order lists' export control downloads the list as filtered and sorted on the page: every row, keyed headers,
// money as decimal text.

/** Opens the export menu and downloads the chosen format; the workbook's rows (header first), values by column. */
async function download(page: Page): Promise<{ name: string; rows: unknown[][] }> {
  await page.getByTestId('export-menu').click()
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await file.path())
  const rows = (wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1))
  return { name: file.suggestedFilename(), rows }
}

const shownNumbers = (page: Page) => page.getByTestId('order-link').allTextContents()

test('the console order list exports its filtered, sorted rows', async ({ page }) => {
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/orders?dealer=DLR-NORTH&sort=number&dir=asc')
  await hydrated(page)
  const shown = await shownNumbers(page)
  expect(shown.length).toBeGreaterThan(0)
  const { name, rows } = await download(page)
  expect(name).toMatch(/^orders-\d{8}\.xlsx$/)
  const header = rows[0]
  expect(header).toEqual(['number', 'dealer_code', 'dealer_name', 'dealer_reference', 'status', 'placed_at', 'warehouse', 'currency', 'net', 'tax', 'total', 'shipped_value', 'paid', 'owed', 'sales_owner'])
  expect(rows.slice(1).map((r) => r[0])).toEqual(shown)
  expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set(['DLR-NORTH']))
  const total = header.indexOf('total')
  for (const r of rows.slice(1)) expect(r[total]).toMatch(/^\d+\.\d{2}$/)
})

test('the dealer’s order list exports its own orders', async ({ page }) => {
  await signIn(page, 'dave@north.test')
  await page.goto('/dealer/orders?sort=number&dir=desc')
  await hydrated(page)
  const shown = await shownNumbers(page)
  expect(shown.length).toBeGreaterThan(0)
  const { rows } = await download(page)
  expect(rows[0]).not.toContain('dealer_code')
  expect(rows[0]).not.toContain('sales_owner')
  expect(rows.slice(1).map((r) => r[0])).toEqual(shown)
})
