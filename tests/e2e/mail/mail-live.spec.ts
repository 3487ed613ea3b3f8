// The admin's mail page follows outgoing mail without a reload: a message queued by someone else
// (here a password reset a visitor asks for) appears, and its state moves on to written.
import { expect, test } from '@playwright/test'
import { hydrated, requestPasswordReset, signIn } from '../support'

// eric@east.test: no other browser test signs in as him or changes his password.
const USER = 'eric@east.test'

test('a new message appears on the open mail page and shows when it is written, without a reload', async ({ page, browser }) => {
  await signIn(page, 'admin@acme.test')
  await page.goto('/console/mail')
  await hydrated(page)
  await expect(page.locator('html')).toHaveAttribute('data-socket', 'connected')
  await page.evaluate(() => ((window as any).__sameDocument = true))
  const rowsFor = page.getByTestId('mail-table').locator('tbody tr').filter({ has: page.getByTestId('mail-to').getByText(USER, { exact: true }) })
  const before = await rowsFor.count()

  await requestPasswordReset(browser, USER)

  await expect(rowsFor).toHaveCount(before + 1)
  await expect(rowsFor.first().getByTestId('mail-status')).toHaveAttribute('data-status', 'written', { timeout: 20_000 })
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
})
