import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

// A price list's prices come 50 a page, by SKU, searched by SKU or name; a removal keeps the reader on the
// page and search they were on, and the export still holds every price (a 10,000-break list was one 9 MB page).
test('a price list with 120 breaks pages by 50, finds a SKU, and exports them all', async ({ page }) => {
  await signIn(page, 'sales.manager@acme.test')
  // Lists cannot be deleted, so this one must leave nothing another test sees: an existing tier (a new one would join every
  // tier choice), valid for one day long past (no price moves), and a code of its own (a retry on the same server saves anew).
  await page.goto('/console/price-lists/new')
  await hydrated(page)
  await page.getByTestId('pl-code').fill(`PL-PAGING-${Date.now()}`)
  await page.getByTestId('pl-tier').fill('C')
  await page.getByTestId('pl-name-en').fill('Paging test')
  await page.getByTestId('pl-name-zh').fill('分页测试')
  await page.getByTestId('pl-valid-from').fill('2020-01-01')
  await page.getByTestId('pl-valid-to').fill('2020-01-02')
  await page.getByTestId('pl-save').click()
  await expect(page).toHaveURL(/\/console\/price-lists\/[0-9a-f-]{36}$/)
  const listUrl = page.url()

  await page.getByTestId('pl-import').click()
  await expect(page).toHaveURL(/\/import$/)
  await hydrated(page)
  const rows = ['sku,min_qty,unit_price', ...Array.from({ length: 60 }, (_, i) => `EL-1001,${i + 1},0.30`), ...Array.from({ length: 60 }, (_, i) => `PK-3001,${i + 1},2.50`)]
  await page.getByTestId('import-file').setInputFiles({ name: 'breaks.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) })
  await page.getByTestId('import-submit').click()
  await expect(page).toHaveURL(listUrl)
  await hydrated(page)

  const items = page.getByTestId('price-item')
  const table = page.getByTestId('price-items-table')
  await expect(items).toHaveCount(50)
  await expect(table.getByTestId('table-total')).toContainText('120')
  await expect(items.first()).toContainText('EL-1001')
  await table.getByRole('link', { name: /next|下一页/i }).click()
  await expect(page).toHaveURL(/page=2/)
  await expect(items).toHaveCount(50)
  await expect(items.first()).toContainText('EL-1001')
  await expect(items.last()).toContainText('PK-3001')

  // Searching starts over at page 1 and finds only the SKU's 60 breaks.
  await table.getByRole('searchbox').fill('pk-3001')
  await table.getByRole('button', { name: /search|搜索/i }).click()
  await expect(page).toHaveURL(/q=pk-3001/)
  await expect(page).not.toHaveURL(/page=/)
  await expect(table.getByTestId('table-total')).toContainText('60')
  await expect(items).toHaveCount(50)
  await expect(items.filter({ hasNotText: 'PK-3001' })).toHaveCount(0)
  await table.getByRole('link', { name: /next|下一页/i }).click()
  await expect(items).toHaveCount(10)

  // Removing a break keeps the search and the page.
  await items.first().getByRole('button').click()
  await expect(page).toHaveURL(/q=pk-3001/)
  await expect(page).toHaveURL(/page=2/)
  await expect(items).toHaveCount(9)

  // The export is every price of the list, whatever the page shows.
  const href = (await page.getByTestId('pl-export').getAttribute('href'))!.replace('format=xlsx', 'format=csv')
  const csv = await (await page.request.get(href)).text()
  expect(csv.trim().split('\n')).toHaveLength(1 + 119)
})
