// The opening-balance import offers its template, as the catalog's imports do: the downloaded sheet,
// filled in, goes back in unchanged.
import ExcelJS from 'exceljs'
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test("the warehouse downloads the opening-balance template, fills a row and imports it", async ({ page }) => {
  await signIn(page, 'warehouse@acme.test')
  await page.goto('/console/inventory/import')
  await hydrated(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-xlsx').click()])
  expect(download.suggestedFilename()).toMatch(/^openingBalances-template-\d{8}\.xlsx$/)
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(await download.path())
  const sheet = book.worksheets[0]
  expect(sheet.getRow(1).values).toEqual([undefined, 'sku', 'warehouse', 'bin', 'batch', 'quantity'])
  expect(sheet.rowCount).toBe(1)

  // A place of this run only (its own batch), as stock.spec's import does.
  const batch = `E2E-TPL-${Date.now()}`
  sheet.addRow(['PK-3003', 'SZ-SOUTH', 'S-01', batch, 7])
  const filled = Buffer.from(await book.xlsx.writeBuffer())
  // The .csv link, as the page gives it.
  const csv = await page.request.get((await page.getByTestId('template-csv').getAttribute('href'))!)
  expect(csv.status()).toBe(200)
  expect((await csv.text()).trim()).toBe('sku,warehouse,bin,batch,quantity')

  await page.getByTestId('import-file').setInputFiles({ name: 'opening-template.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: filled })
  await page.getByTestId('import-submit').click()
  await expect(page).toHaveURL(/\/console\/inventory$/)
  await expect(page.getByTestId('toast').last()).toContainText('已导入 1 条期初库存')
  // The trace search finds the batch the row brought in.
  await page.goto(`/console/inventory/trace?q=${batch}`)
  await expect(page.getByTestId('trace-match-batch')).toHaveText([batch])
})
