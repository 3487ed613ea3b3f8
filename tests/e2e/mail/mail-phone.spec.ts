// The admin's mail list on a phone, in Chinese: a card per message whose words stay whole. As a table the subject
// stood a word or two per line, the address broke at its hyphen, the status sat past the screen's edge and its
// badge (已写入文件) took two lines.
import { expect, test } from '@playwright/test'
import { hydrated, requestPasswordReset, signedIn } from '../support'
import { setLocale, wrapped } from '../text-layout'

// amy@bright.test: a reset is only asked for here; nobody's password changes.
const USER = 'amy@bright.test'
const width = 390

test('on a phone each outgoing message is a card with its subject, address and status whole', async ({ browser }) => {
  await requestPasswordReset(browser, USER)

  const admin = await signedIn(browser, 'admin@acme.test')
  try {
    const page = admin.page
    await setLocale(page, 'zh-CN')
    await page.setViewportSize({ width, height: 800 })
    await page.goto(`/console/mail?q=${encodeURIComponent(USER)}`)
    await hydrated(page)
    const row = page.getByTestId('mail-table').locator('tbody tr').filter({ hasText: USER }).first()
    // Written out by the worker: the longest status, 已写入文件.
    await expect(row.getByTestId('mail-status')).toHaveAttribute('data-status', 'written', { timeout: 20_000 })
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
    await expect(row.getByTestId('mail-open')).toHaveText('重置您的采销密码')
    await expect(row.getByTestId('mail-status')).toBeInViewport()
    expect(await wrapped(row)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
  } finally {
    await admin.ctx.close()
  }
})
