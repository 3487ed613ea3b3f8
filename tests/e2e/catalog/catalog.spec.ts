import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import ExcelJS from 'exceljs'
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test('the catalog PDF downloads with Chinese and English product names', async ({ page }) => {
  await signIn(page, 'sales@acme.test')
  await page.goto('/console/products')
  await hydrated(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('catalog-pdf').click()])
  expect(download.suggestedFilename()).toMatch(/^product-catalog-\d{8}\.pdf$/)
  const file = await download.path()
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
  const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  for (const s of ['产品目录', 'Product catalog', '艾克美制造有限公司', '陶瓷电容', 'Ceramic capacitor 100nF', '不锈钢螺栓', 'Stainless steel bolt', 'AS-4005'])
    expect(text, s).toContain(s)
})

test('a product search narrows the list, and the filters combine with it', async ({ page }) => {
  await signIn(page, 'sales@acme.test')
  await page.goto('/console/products')
  await hydrated(page)
  const skus = page.getByTestId('product-sku')
  await expect(skus).toHaveCount(20)
  await page.getByRole('searchbox').fill('电容')
  await page.getByRole('searchbox').press('Enter')
  await expect(page).toHaveURL(/q=%E7%94%B5%E5%AE%B9/)
  await expect(skus).toHaveText(['EL-1001'])
  // One set of words for tracking, as the stock pages' messages say it (按批次管理): the column read 追踪方式, a cell 批次.
  await expect(page.getByRole('columnheader').filter({ hasText: '批次/序列号管理' })).toHaveCount(1)
  await expect(page.getByRole('row').filter({ hasText: 'EL-1001' })).toContainText('按批次')
  await page.getByRole('searchbox').fill('MT-')
  await page.getByRole('searchbox').press('Enter')
  await expect(skus).toHaveCount(5)
  await page.getByTestId('filter-category').selectOption('ELEC')
  await page.getByTestId('apply-filters').click()
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await expect(page).toHaveURL(/q=MT-.*category=ELEC|category=ELEC.*q=MT-/)
})

test('an .xlsx import with a bad row shows the problem by its row number and changes nothing', async ({ page }) => {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('products')
  ws.addRows([
    ['sku', 'name_en', 'name_zh', 'category', 'unit', 'tax_rate', 'tracking', 'active'],
    ['EL-1001', 'Ceramic capacitor RENAMED', '陶瓷电容 改名', 'ELEC', 'pcs', 13, 'batch', 'yes'],
    ['E2E-NEW-1', 'Brand new part', '全新零件', 'NOPE', 'pcs', 13, 'none', 'yes'],
    ['E2E-NEW-2', 'Another part', '另一零件', 'ELEC', 'pcs', 13, 'none', 'yes'],
  ])
  const buffer = Buffer.from(await wb.xlsx.writeBuffer())

  await signIn(page, 'buyer.manager@acme.test')
  await page.goto('/console/products/import')
  await hydrated(page)
  await page.getByTestId('import-file').setInputFiles({ name: 'bad-products.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
  await page.getByTestId('import-submit').click()

  const issues = page.getByTestId('import-issue')
  await expect(issues).toHaveCount(1)
  const row3 = page.locator('[data-testid="import-issue"][data-row="3"]')
  await expect(row3.getByTestId('import-issue-row')).toHaveText('3')
  await expect(row3.getByTestId('import-issue-message')).toContainText('NOPE')

  await page.goto('/console/products?q=E2E-NEW')
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await page.goto('/console/products?q=EL-1001')
  await expect(page.getByTestId('product-name')).toContainText('陶瓷电容 100nF')
  await expect(page.getByTestId('product-name')).not.toContainText('RENAMED')
})

test('a duplicate SKU is refused on the form, next to the field', async ({ page }) => {
  await signIn(page, 'buyer.manager@acme.test')
  await page.goto('/console/products/new')
  await hydrated(page)
  await page.getByTestId('field-sku').fill('EL-1002')
  await page.getByTestId('field-category').selectOption({ index: 1 })
  await page.getByTestId('field-name-en').fill('Duplicate')
  await page.getByTestId('field-name-zh').fill('重复')
  await page.getByTestId('field-unit').fill('pcs')
  await page.getByTestId('product-submit').click()
  await expect(page.getByTestId('error-sku')).toBeVisible()
  await expect(page).toHaveURL(/\/console\/products\/new$/)
})

test('exporting the filtered list downloads a workbook of exactly the rows shown', async ({ page }) => {
  await signIn(page, 'sales@acme.test')
  await page.goto('/console/products?category=PACK')
  await hydrated(page)
  await expect(page.getByTestId('product-sku')).toHaveCount(5)
  await page.getByTestId('export-menu').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
  expect(download.suggestedFilename()).toMatch(/^products-\d{8}\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await download.path())
  const rows = wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][]
  expect(rows[0].slice(1)).toEqual(['sku', 'name_en', 'name_zh', 'category', 'unit', 'tax_rate', 'tracking', 'active', 'whole_units'])
  expect(rows.slice(1).map((r) => r[1])).toEqual(['PK-3001', 'PK-3002', 'PK-3003', 'PK-3004', 'PK-3005'])
  expect(rows.find((r) => r[1] === 'PK-3003')?.[6]).toBe('9')
})
