import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'

const num = (s: string | null) => Number((s ?? '').replace(/[,\s]/g, ''))

// A count beyond tolerance waits for a second person: the warehouse's count changes nothing, an admin approves it from
// the home page's queue, and the warehouse's open page follows with the new balance.
test('a count beyond tolerance is held until an admin approves it, then the balance changes', async ({ browser }) => {
  test.setTimeout(60_000)
  const [wh, admin] = await Promise.all([signedIn(browser, 'warehouse@acme.test'), signedIn(browser, 'admin@acme.test')])
  const reason = `E2E count ${Date.now()}`
  try {
    await wh.page.goto('/console/inventory?q=MT-2004&warehouse=SZ-SOUTH')
    await hydrated(wh.page)
    // The stock list leads to the counts (everyone who sees stock sees them).
    await expect(wh.page.getByTestId('counts-link')).toHaveAttribute('href', '/console/inventory/counts')
    await expect(wh.page.getByTestId('counts-link')).toHaveText('循环盘点')
    await wh.page.getByTestId('stock-sku').click()
    await expect(wh.page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    await hydrated(wh.page)
    await expect(wh.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const place = wh.page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin=""]')
    const book = num(await place.getByTestId('balance-on-hand').textContent())
    // 25 more than the books: beyond a few hundred units' tolerance (at most 5 %).
    const form = wh.page.getByTestId('count-form')
    await form.getByTestId('count-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
    await form.getByTestId('count-quantity').fill(String(book + 25))
    await form.getByTestId('count-reason').fill(reason)
    await form.getByTestId('count-submit').click()
    const held = wh.page.getByTestId('pending-count').filter({ hasText: reason })
    await expect(held).toBeVisible()
    await expect(held.getByTestId('count-difference')).toHaveText('+25')
    // The counter may not decide it, and the books have not moved.
    await expect(held.getByTestId('count-decision')).toHaveCount(0)
    await expect(place.getByTestId('balance-on-hand')).toHaveText(String(book))

    // The admin's home lists the counts awaiting approval; its link opens them.
    await admin.page.goto('/console')
    await hydrated(admin.page)
    const tile = admin.page.getByTestId('work-countsToApprove')
    await expect(tile.getByTestId('work-count')).not.toHaveText('0')
    await tile.getByRole('link').click()
    await expect(admin.page).toHaveURL(/\/console\/inventory\/counts\?status=pending$/)
    await hydrated(admin.page)
    const row = admin.page.getByTestId('count-row').filter({ hasText: reason })
    await expect(row.getByTestId('count-status')).toHaveAttribute('data-status', 'pending')
    await row.getByTestId('count-approve-open').click()
    const dialog = admin.page.getByTestId('count-approve-dialog')
    await expect(dialog).toContainText('MT-2004')
    await dialog.getByTestId('count-approve-confirm').click()
    await expect(dialog).toHaveCount(0)
    await expect(row).toHaveCount(0)

    // The warehouse's page follows without a reload: the count is posted and no longer waits.
    await expect(place.getByTestId('balance-on-hand')).toHaveText(String(book + 25))
    await expect(held).toHaveCount(0)
    await expect(wh.page.getByTestId('move-row').first().getByTestId('move-reason')).toHaveText(reason)
  } finally {
    await Promise.all([wh.ctx.close(), admin.ctx.close()])
  }
})

// The other decision, taken where the count shows on the product's own page: finance rejects it with a reason, the books
// stay as they were, and the counter's open page drops the held count without a reload.
test('a held count rejected from the product page with a reason changes nothing on the books', async ({ browser }) => {
  test.setTimeout(60_000)
  const [wh, finance] = await Promise.all([signedIn(browser, 'warehouse@acme.test'), signedIn(browser, 'finance@acme.test')])
  const reason = `E2E recount ${Date.now()}`
  try {
    await wh.page.goto('/console/inventory?q=MT-2004&warehouse=SZ-SOUTH')
    await hydrated(wh.page)
    await wh.page.getByTestId('stock-sku').click()
    await expect(wh.page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    const productPage = wh.page.url()
    await hydrated(wh.page)
    await expect(wh.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const place = wh.page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin=""]')
    const book = num(await place.getByTestId('balance-on-hand').textContent())
    const form = wh.page.getByTestId('count-form')
    await form.getByTestId('count-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
    await form.getByTestId('count-quantity').fill(String(book - 30))
    await form.getByTestId('count-reason').fill(reason)
    await form.getByTestId('count-submit').click()
    const held = wh.page.getByTestId('pending-count').filter({ hasText: reason })
    await expect(held.getByTestId('count-difference')).toHaveText('-30')

    await finance.page.goto(productPage)
    await hydrated(finance.page)
    const theirs = finance.page.getByTestId('pending-count').filter({ hasText: reason })
    await theirs.getByTestId('count-reject-open').click()
    const dialog = finance.page.getByTestId('count-reject-dialog')
    await dialog.getByTestId('count-reject-reason').fill('Recount shelf B before posting')
    await dialog.getByTestId('count-reject-confirm').click()
    await expect(dialog).toHaveCount(0)
    await expect(theirs).toHaveCount(0)

    // The counter's page follows: nothing waits any more, and the books did not move.
    await expect(held).toHaveCount(0)
    await expect(place.getByTestId('balance-on-hand')).toHaveText(String(book))
    await wh.page.goto('/console/inventory/counts?status=rejected')
    await hydrated(wh.page)
    const row = wh.page.getByTestId('count-row').filter({ hasText: reason })
    await expect(row.getByTestId('count-status')).toHaveAttribute('data-status', 'rejected')
  } finally {
    await Promise.all([wh.ctx.close(), finance.ctx.close()])
  }
})
