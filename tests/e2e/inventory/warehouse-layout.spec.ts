import { expect, test } from '@playwright/test'
import { hydrated, signIn, signedIn } from '../support'
import { setLocale, wrapped } from '../text-layout'

const pageScrollsSideways = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.scrollWidth > innerWidth)

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('a product’s movements read whole in Chinese, a card per movement', async ({ page }) => {
    await signIn(page, 'warehouse@acme.test')
    await page.goto('/console/inventory?q=AS-4001&warehouse=SH-MAIN')
    await hydrated(page)
    await page.getByTestId('stock-sku').click()
    await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    await hydrated(page)
    // An opening-balance row: other specs sharing this server may have moved AS-4001 since (newest rows come first).
    const first = page.getByTestId('move-row').filter({ has: page.getByTestId('move-reason').getByText('期初余额', { exact: true }) }).first()
    await expect(first.getByTestId('move-kind')).toHaveText('入库')
    await expect(first.getByTestId('move-reason')).toHaveText('期初余额')
    // Squeezed into the table's columns these stood a character per line (入 / 库, 期 / 初 / 余 / 额).
    expect(await wrapped(first.getByTestId('move-kind'))).toEqual([])
    expect(await wrapped(first.getByTestId('move-reason'))).toEqual([])
    expect(await pageScrollsSideways(page)).toBe(false)
  })

  test('the opening-balance import asks for a file when none was chosen, and shows its example codes whole', async ({ page }) => {
    await signIn(page, 'warehouse@acme.test')
    await setLocale(page, 'en')
    try {
      await page.goto('/console/inventory/import')
      await hydrated(page)
      // Each example code on one line: LOT-2026-01 broke at its hyphens into three.
      const examples = page.getByTestId('import-columns').locator('tbody td:last-child')
      await expect(examples).toHaveCount(5)
      for (const cell of await examples.all()) expect(await wrapped(cell)).toEqual([])
      expect(await pageScrollsSideways(page)).toBe(false)

      // Sent with no file: it said "The file is empty."
      await page.getByTestId('import-submit').click()
      await expect(page.getByText('Choose a file to upload.')).toBeVisible()
      await expect(page.getByText('The file is empty.')).toHaveCount(0)
      await expect(page).toHaveURL(/\/console\/inventory\/import$/)
    } finally {
      // The other tests read the demo users in their default Chinese.
      await setLocale(page, 'zh-CN')
    }
  })
})

test('an approver’s approve and reject buttons keep their words whole in a crowded counts list', async ({ browser }) => {
  test.setTimeout(60_000)
  const [wh, admin] = await Promise.all([signedIn(browser, 'warehouse@acme.test'), signedIn(browser, 'admin@acme.test')])
  const reason = `E2E wide count ${Date.now()}`
  try {
    await wh.page.goto('/console/inventory?q=MT-2005&warehouse=SH-MAIN')
    await hydrated(wh.page)
    await wh.page.getByTestId('stock-sku').click()
    await hydrated(wh.page)
    // A count as large as the form takes (STOCK_QUANTITY), held for approval: its long figures crowd the list's columns.
    const form = wh.page.getByTestId('count-form')
    await form.getByTestId('count-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
    await form.getByTestId('count-batch').fill('2610-R17')
    await form.getByTestId('count-quantity').fill('9999999999.9999')
    await form.getByTestId('count-reason').fill(reason)
    await form.getByTestId('count-submit').click()
    await expect(wh.page.getByTestId('pending-count').filter({ hasText: reason })).toBeVisible()

    await admin.page.setViewportSize({ width: 1280, height: 900 })
    await admin.page.goto('/console/inventory/counts')
    await hydrated(admin.page)
    // Its own row (others' counts may wait beside it on a shared server): 批准 and 驳回 stood a character per line.
    const own = admin.page.getByTestId('count-row').filter({ hasText: reason })
    await expect(own.getByTestId('count-decision')).toHaveCount(1)
    expect(await wrapped(own.getByTestId('count-decision'))).toEqual([])
    for (const d of await admin.page.getByTestId('count-decision').all()) expect(await wrapped(d)).toEqual([])
    // Rejected, so it waits in no approver's queue after the test.
    await own.getByTestId('count-reject-open').click()
    const dialog = admin.page.getByTestId('count-reject-dialog')
    await dialog.getByTestId('count-reject-reason').fill('E2E layout check only')
    await dialog.getByTestId('count-reject-confirm').click()
    await expect(own).toHaveCount(0)
  } finally {
    await Promise.all([wh.ctx.close(), admin.ctx.close()])
  }
})
