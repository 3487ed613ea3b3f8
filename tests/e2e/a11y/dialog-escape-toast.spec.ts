// Escape closes a dialog even when a bell notice's toast appeared after it opened. The toast is then Radix's topmost layer
// and took the Escape, leaving the question on screen (the bid room's case is in auction/cancel-announced.spec.ts). Here the
// other two dialogs: a ConfirmPostDialog (deactivating a person) and an ActionDialog (rejecting a held count). The notice
// is a count beyond tolerance held by the warehouse, which rings every approver; the test's counts are rejected at the end
// (a rejection changes no stock), so it runs again on the same server.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'

const num = (s: string | null) => Number((s ?? '').replace(/[,\s]/g, ''))

/** PK-3004 (foam inserts, untracked) on the warehouse's page: a count of Shenzhen's stock far beyond the books is held. */
async function openProduct(page: Page) {
  await page.goto('/console/inventory?q=PK-3004&warehouse=SZ-SOUTH')
  await hydrated(page)
  await page.getByTestId('stock-sku').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
}

async function holdCount(page: Page, extra: number, reason: string) {
  const book = num(await page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin=""][data-batch=""]').getByTestId('balance-on-hand').textContent())
  const form = page.getByTestId('count-form')
  await form.getByTestId('count-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  // Twice the books and more: beyond any tolerance, so it waits for an approver.
  await form.getByTestId('count-quantity').fill(String(2 * book + extra))
  await form.getByTestId('count-reason').fill(reason)
  await form.getByTestId('count-submit').click()
  await expect(page.getByTestId('pending-count').filter({ hasText: reason })).toBeVisible()
  return `+${book + extra}`
}

/** Rejects a held count from the counts list, through its dialog: the row leaves the pending list. */
async function reject(page: Page, reason: string) {
  const row = page.getByTestId('count-row').filter({ hasText: reason })
  await row.getByTestId('count-reject-open').click()
  const dialog = page.getByTestId('count-reject-dialog')
  await dialog.getByTestId('count-reject-reason').fill('E2E: not a real count')
  await dialog.getByTestId('count-reject-confirm').click()
  await expect(dialog).toHaveCount(0)
  await expect(row).toHaveCount(0)
}

test('Escape closes the deactivation question (a ConfirmPostDialog) under a toast that came after it, and nothing is posted', async ({ browser }) => {
  test.setTimeout(60_000)
  const [wh, admin] = await Promise.all([signedIn(browser, 'warehouse@acme.test'), signedIn(browser, 'admin@acme.test')])
  const reason = `E2E escape confirm ${Date.now()}`
  try {
    await openProduct(wh.page)
    await admin.page.goto('/console/users')
    await hydrated(admin.page)
    await admin.page.getByTestId('people-table').getByRole('row').filter({ hasText: 'sales@acme.test' }).getByTestId('person-link').click()
    await expect(admin.page.getByTestId('person-email')).toHaveText('sales@acme.test')
    await hydrated(admin.page)
    await expect(admin.page.locator('html')).toHaveAttribute('data-socket', 'connected')

    const trigger = admin.page.getByTestId('deactivate-user')
    await trigger.click()
    const dialog = admin.page.getByTestId('deactivate-user-dialog')
    await expect(dialog).toBeVisible()
    const difference = await holdCount(wh.page, 60, reason)
    await expect(admin.page.getByTestId('toast').filter({ hasText: 'PK-3004' }).filter({ hasText: difference })).toBeVisible()
    await admin.page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    // Closed as a cancel is: the focus is back on the button that opened it, and the person is still active.
    await expect(trigger).toBeFocused()
    await admin.page.reload()
    await hydrated(admin.page)
    await expect(admin.page.getByTestId('deactivate-user')).toBeVisible()
    await expect(admin.page.getByTestId('reactivate-user')).toHaveCount(0)

    await admin.page.goto('/console/inventory/counts?status=pending')
    await hydrated(admin.page)
    await reject(admin.page, reason)
  } finally {
    await Promise.all([wh.ctx.close(), admin.ctx.close()])
  }
})

test('Escape closes a held count’s rejection (an ActionDialog) under a toast that came after it, and the count still waits', async ({ browser }) => {
  test.setTimeout(60_000)
  const [wh, finance] = await Promise.all([signedIn(browser, 'warehouse@acme.test'), signedIn(browser, 'finance@acme.test')])
  const stamp = Date.now()
  const first = `E2E escape action ${stamp} A`
  const second = `E2E escape action ${stamp} B`
  try {
    await openProduct(wh.page)
    await holdCount(wh.page, 60, first)
    await finance.page.goto('/console/inventory/counts?status=pending')
    await hydrated(finance.page)
    await expect(finance.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const row = finance.page.getByTestId('count-row').filter({ hasText: first })
    const trigger = row.getByTestId('count-reject-open')
    await trigger.click()
    const dialog = finance.page.getByTestId('count-reject-dialog')
    await expect(dialog).toBeVisible()
    await dialog.getByTestId('count-reject-reason').fill('Half-typed reason')

    // A second count is held meanwhile: its notice rings finance's bell, and its toast is the topmost layer now.
    const difference = await holdCount(wh.page, 61, second)
    await expect(finance.page.getByTestId('toast').filter({ hasText: 'PK-3004' }).filter({ hasText: difference })).toBeVisible()
    await finance.page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    await expect(trigger).toBeFocused()
    // Nothing was posted: the first count still waits, and the second has joined the list.
    await expect(row.getByTestId('count-status')).toHaveAttribute('data-status', 'pending')
    await expect(finance.page.getByTestId('count-row').filter({ hasText: second })).toHaveCount(1)

    await reject(finance.page, first)
    await reject(finance.page, second)
  } finally {
    await Promise.all([wh.ctx.close(), finance.ctx.close()])
  }
})
