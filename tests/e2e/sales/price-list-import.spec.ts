import ExcelJS from 'exceljs'
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

// The price list's "Import prices" opens its own page (it once stayed on the list's page, with the
// address changed and no upload form: the import route was nested in a page without an outlet).
test('a sales manager imports prices into a price list from its own page', async ({ page }) => {
  await signIn(page, 'admin@acme.test')
  await page.goto('/console/price-lists')
  await hydrated(page)
  await page.getByTestId('price-list-code').filter({ hasText: 'PL-B-2026' }).click()
  await expect(page).toHaveURL(/\/console\/price-lists\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const listUrl = page.url()
  await page.getByTestId('pl-import').click()
  await expect(page).toHaveURL(/\/import$/)
  await expect(page.getByTestId('price-list-page')).toHaveCount(0)
  await expect(page.getByTestId('import-file')).toBeVisible()

  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('prices')
  ws.addRow(['sku', 'min_qty', 'unit_price'])
  ws.addRow(['PK-3004', 500, 1.2345])
  const buffer = Buffer.from(await wb.xlsx.writeBuffer())
  await page.getByTestId('import-file').setInputFiles({ name: 'prices.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
  await page.getByTestId('import-submit').click()
  await expect(page).toHaveURL(listUrl)
  await expect(page.getByTestId('price-item').filter({ hasText: 'PK-3004' }).filter({ hasText: '500' }).getByTestId('price-item-price')).toContainText('1.2345')
})
