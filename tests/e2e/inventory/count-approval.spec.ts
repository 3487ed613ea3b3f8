import { expect, test, type Locator, type Page } from '@playwright/test'
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
    // MT-2004 is batch-tracked: the count is of its newest lot in Shenzhen.
    const place = wh.page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin=""][data-batch="2610-H17"]')
    const book = num(await place.getByTestId('balance-on-hand').textContent())
    // 25 more than the books: beyond a few hundred units' tolerance (at most 5 %).
    const form = wh.page.getByTestId('count-form')
    await form.getByTestId('count-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
    await form.getByTestId('count-batch').fill('2610-H17')
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
    await expect(admin.page).toHaveURL(/\/console\/inventory\/counts\?status=pending&by=others$/)
    await hydrated(admin.page)
    // The queue is the counts the admin may decide: the list says so in its filter.
    await expect(admin.page.getByTestId('filter-by')).toHaveValue('others')
    // Its warehouse filter names each warehouse as the stock list's does (it listed bare codes).
    await expect(admin.page.getByTestId('filter-warehouse').locator('option[value="SZ-SOUTH"]')).toHaveText('SZ-SOUTH · 深圳南仓')
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

// The other decision, taken where the count shows on the product's own page. Stock moves at the count's place while it waits:
// the approver's open page marks it stale and offers only its rejection, and a tab that heard no push and approves is refused
// with "count again". Finance rejects it with a reason, the books keep the move and nothing of the count, and the counter's
// open page drops the held count without a reload.
test('a held count made stale by a later move is marked so for the approver, cannot be approved, and is rejected with a reason', async ({ browser }) => {
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
    // MT-2004 is batch-tracked: the count is of its newest lot in Shenzhen.
    const place = wh.page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin=""][data-batch="2610-H17"]')
    const book = num(await place.getByTestId('balance-on-hand').textContent())
    const form = wh.page.getByTestId('count-form')
    await form.getByTestId('count-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
    await form.getByTestId('count-batch').fill('2610-H17')
    await form.getByTestId('count-quantity').fill(String(book - 30))
    await form.getByTestId('count-reason').fill(reason)
    await form.getByTestId('count-submit').click()
    const held = wh.page.getByTestId('pending-count').filter({ hasText: reason })
    await expect(held.getByTestId('count-difference')).toHaveText('-30')

    // Finance's page, live, and a second tab of it that hears no push (as one whose push has not arrived yet): both offer the approval.
    await finance.page.goto(productPage)
    await hydrated(finance.page)
    await expect(finance.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const deaf = await finance.ctx.newPage()
    await deaf.routeWebSocket(/\/socket\.io\//, (ws) => ws.close())
    await deaf.route('**/socket.io/**', (route) => route.abort())
    await deaf.goto(productPage)
    await hydrated(deaf)
    const theirs = finance.page.getByTestId('pending-count').filter({ hasText: reason })
    const unheard = deaf.getByTestId('pending-count').filter({ hasText: reason })
    for (const row of [theirs, unheard]) {
      await expect(row.getByTestId('count-approve-open')).toBeVisible()
      await expect(row.getByTestId('count-stale')).toHaveCount(0)
    }

    // Two found on the shelf are booked at the count's place: the count was judged against books that are gone.
    const adjust = wh.page.getByTestId('adjust-form')
    await adjust.getByTestId('adjust-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
    await adjust.getByTestId('adjust-batch').fill('2610-H17')
    await adjust.getByTestId('adjust-quantity').fill('2')
    await adjust.getByTestId('adjust-reason').fill('Found behind the shelf')
    await adjust.getByTestId('adjust-submit').click()
    await expect(place.getByTestId('balance-on-hand')).toHaveText(String(book + 2))

    // The approver's open page marks it stale without a reload and offers only the rejection.
    await expect(theirs.getByTestId('count-stale')).toHaveText('自盘点后此处已有出入库：请驳回并重新盘点。')
    await expect(theirs.getByTestId('count-approve-open')).toHaveCount(0)
    await expect(theirs.getByTestId('count-reject-open')).toBeVisible()
    // The tab that did not hear it approves, and is refused: count again. Nothing is posted.
    await unheard.getByTestId('count-approve-open').click()
    const approve = deaf.getByTestId('count-approve-dialog')
    await approve.getByTestId('count-approve-confirm').click()
    await expect(approve.getByTestId('count-approve-error')).toHaveText('该库位自盘点后已有出入库，差异已不再成立：请驳回并重新盘点。')
    // The refusal's own reload marked the row stale behind the dialog, which stays to say why (it vanished with no word).
    await expect(unheard.getByTestId('count-stale')).toBeVisible()
    await expect(unheard.getByTestId('count-approve-open')).toHaveCount(0)
    await expect(approve.getByTestId('count-approve-error')).toBeVisible()
    await expect(place.getByTestId('balance-on-hand')).toHaveText(String(book + 2))
    await expect(held).toBeVisible()

    await rejectCount(finance.page, theirs, 'Recount shelf B before posting')

    // The counter's page follows: nothing waits any more, and the books hold the move and nothing of the count.
    await expect(held).toHaveCount(0)
    await expect(place.getByTestId('balance-on-hand')).toHaveText(String(book + 2))
    await wh.page.goto('/console/inventory/counts?status=rejected')
    await hydrated(wh.page)
    const row = wh.page.getByTestId('count-row').filter({ hasText: reason })
    await expect(row.getByTestId('count-status')).toHaveAttribute('data-status', 'rejected')
  } finally {
    await Promise.all([wh.ctx.close(), finance.ctx.close()])
  }
})

// A count that finds a lot its place never held waits for approval even within tolerance, and says why where it waits:
// on the counter's page, in the approvers' list and in the approval's own dialog. A count larger than the form takes is
// refused on the field instead of joining the queue.
test('a count of a lot new to its place is held and named as such; a count too large is refused on the field', async ({ browser }) => {
  test.setTimeout(60_000)
  const [wh, admin] = await Promise.all([signedIn(browser, 'warehouse@acme.test'), signedIn(browser, 'admin@acme.test')])
  const lot = `E2E-NEW-${Date.now()}`
  const reason = `E2E new lot ${lot}`
  const note = `此处从未存放批次 ${lot}`
  try {
    await wh.page.goto('/console/inventory?q=MT-2004&warehouse=SZ-SOUTH')
    await hydrated(wh.page)
    await wh.page.getByTestId('stock-sku').click()
    await expect(wh.page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    await hydrated(wh.page)
    const form = wh.page.getByTestId('count-form')
    await form.getByTestId('count-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
    await form.getByTestId('count-batch').fill(lot)
    await form.getByTestId('count-quantity').fill('99999999999999')
    await form.getByTestId('count-reason').fill(reason)
    await form.getByTestId('count-submit').click()
    await expect(form.getByTestId('error-countedQuantity')).toHaveText('数值过大，最大为 9,999,999,999.9999。')
    await expect(wh.page.getByTestId('pending-count').filter({ hasText: reason })).toHaveCount(0)

    // Two units: within any tolerance, still held, and the toast and the held line say why.
    await form.getByTestId('count-quantity').fill('2')
    await form.getByTestId('count-submit').click()
    await expect(wh.page.getByTestId('toast')).toContainText(`MT-2004 的盘点已提交审批：此处从未存放批次 ${lot}`)
    const held = wh.page.getByTestId('pending-count').filter({ hasText: reason })
    await expect(held.getByTestId('count-difference')).toHaveText('+2')
    await expect(held.getByTestId('count-new-batch')).toHaveText(note)
    await expect(wh.page.locator(`[data-testid="balance-row"][data-batch="${lot}"]`)).toHaveCount(0)

    await admin.page.goto('/console/inventory/counts?status=pending&by=others')
    await hydrated(admin.page)
    const row = admin.page.getByTestId('count-row').filter({ hasText: reason })
    await expect(row.getByTestId('count-new-batch')).toHaveText(note)
    await row.getByTestId('count-approve-open').click()
    const approve = admin.page.getByTestId('count-approve-dialog')
    await expect(approve).toContainText(note)
    await admin.page.keyboard.press('Escape')
    await expect(approve).toHaveCount(0)
    // Rejected, so it waits in no approver's queue after the test.
    await rejectCount(admin.page, row, 'Where did it come from? Recount')
    await expect(held).toHaveCount(0)
  } finally {
    // However it ended, no count of this test waits in an approver's queue for the specs after it.
    await rejectPendingCount(admin.page, reason).catch(() => {})
    await Promise.all([wh.ctx.close(), admin.ctx.close()])
  }
})

async function rejectPendingCount(page: Page, reason: string) {
  await page.goto('/console/inventory/counts?status=pending')
  await hydrated(page)
  const row = page.getByTestId('count-row').filter({ hasText: reason })
  if (await row.count()) await rejectCount(page, row, 'E2E clean-up')
}

/** Rejects a held count from its row, with a reason: the dialog closes and the row leaves the list. */
async function rejectCount(page: Page, row: Locator, why: string) {
  await row.getByTestId('count-reject-open').click()
  const dialog = page.getByTestId('count-reject-dialog')
  await dialog.getByTestId('count-reject-reason').fill(why)
  await dialog.getByTestId('count-reject-confirm').click()
  await expect(dialog).toHaveCount(0)
  await expect(row).toHaveCount(0)
}
