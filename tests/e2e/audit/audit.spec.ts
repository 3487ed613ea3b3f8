import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

/** RFC 4180 rows (the export quotes JSON cells, which hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++
    else field += c
  }
  if (field || row.length) row.push(field), rows.push(row)
  return rows
}

test('an admin filters the audit log by action and exports exactly the rows shown', async ({ page }) => {
  await signIn(page, 'admin@acme.test')
  await page.goto('/console/audit')
  await hydrated(page)
  // The banner asks the server once the page has hydrated; a busy machine may take a while.
  await expect(page.getByTestId('chain-banner')).toHaveAttribute('data-state', 'ok', { timeout: 20_000 })
  await expect(page.getByTestId('chain-banner')).toContainText(/\d+/)

  await page.getByTestId('filter-action').fill('auth.')
  await page.getByTestId('filter-apply').click()
  // Only the filled field goes into the URL (the form has a dozen).
  await expect(page).toHaveURL(/\/console\/audit\?action=auth\.$/)
  // Wait for the filtered rows themselves, not only the URL.
  await expect
    .poll(async () => {
      const actions = await page.getByTestId('audit-action').evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''))
      return actions.length > 0 && actions.every((a) => a.startsWith('auth.')) && actions.includes('auth.sign_in')
    })
    .toBe(true)
  const shownIds = (await page.getByTestId('audit-id').allTextContents()).map(Number)

  const downloading = page.waitForEvent('download')
  await page.getByTestId('export-csv').click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{8}-\d{4}\.csv$/)
  const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')
  const [header, ...rows] = parseCsv(text)
  expect(header).toHaveLength(13)
  // Newest first in both; the page shows the first page of what the file holds in full.
  const total = Number((await page.getByTestId('table-total').textContent())!.replace(/\D+/g, ''))
  expect(rows).toHaveLength(total)
  expect(rows.slice(0, shownIds.length).map((r) => Number(r[0]))).toEqual(shownIds)
  expect(rows.every((r) => r[5].startsWith('auth.'))).toBe(true)

  // The export is itself in the log.
  await page.goto('/console/audit?action=audit.exported')
  await expect(page.getByTestId('audit-action').first()).toHaveAttribute('data-action', 'audit.exported')
  // Named in the reader's words, with the recorded code beside it for searching.
  await expect(page.getByTestId('audit-action').first()).toContainText(/导出审计日志|Audit log exported/)
  await expect(page.getByTestId('audit-action').first()).toContainText('audit.exported')
})

test('an audit row expands into a diff with the changed key highlighted', async ({ page }) => {
  await signIn(page, 'admin@acme.test')
  await page.goto('/console')
  await hydrated(page)
  await page.getByTestId('locale-switch').selectOption('en')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.goto('/console/audit?action=user.locale_changed')
  await hydrated(page)
  const toggle = page.getByTestId('audit-expand').first()
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const details = page.getByTestId('audit-details').first()
  const changed = details.locator('[data-testid="diff-row"][data-kind="changed"]')
  await expect(changed).toHaveCount(1)
  // Named in the reader's words, with the key as recorded under it.
  await expect(changed.locator('th')).toContainText('Language')
  await expect(changed).toContainText('locale')
  await expect(changed.locator('del')).toHaveText('zh-CN')
  await expect(changed.locator('ins')).toHaveText('en')
  await page.getByTestId('locale-switch').selectOption('zh-CN')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
})

test('a buyer is refused the audit log and its export', async ({ page }) => {
  await signIn(page, 'buyer@acme.test')
  expect((await page.goto('/console/audit'))?.status()).toBe(403)
  const res = await page.request.get('/console/audit/export?format=csv')
  expect(res.status()).toBe(403)
  expect(await res.text()).not.toContain('auth.sign_in')
})

test("the console home's recent activity names each action in the reader's words", async ({ page }) => {
  await signIn(page, 'admin@acme.test')
  await page.goto('/console')
  await hydrated(page)
  const activity = page.getByTestId('recent-activity')
  // The admin's own sign-in is among the latest; it read "auth.sign_in".
  await expect(activity).toContainText(/登录|Signed in/)
  await expect(activity).not.toContainText('auth.sign_in')
})

test('the scheduler’s close of an auction is named in the reader’s words, and each outcome badge reads on one line', async ({ page }) => {
  await signIn(page, 'admin@acme.test')
  await page.setViewportSize({ width: 1280, height: 900 })
  // The finished demo auction was closed by the system's clock; its row read the bare code 'auction.closed' twice.
  await page.goto('/console/audit?action=auction.closed')
  await hydrated(page)
  const action = page.getByTestId('audit-action').first()
  await expect(action).toHaveAttribute('data-action', 'auction.closed')
  await expect(action).toContainText(/竞价结束|Auction closed/)
  // 成功 stood one character per line in its narrow column.
  const outcomes = page.getByTestId('audit-outcome')
  await expect(outcomes.first()).toBeVisible()
  // One line of text-xs with its padding is about 20 px tall; two lines are 36.
  const heights = await outcomes.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))
  expect(heights.length).toBeGreaterThan(0)
  for (const h of heights) expect(h).toBeLessThan(28)
})
