// A wide table's scroller is a tab stop so a keyboard can scroll it (WCAG 2.1.1), but only while it has something to
// scroll: a table that fits, or reads as cards on a phone, made a stop that did nothing. It follows the window's width.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test('the audit log’s table on a phone scrolls sideways, and is a tab stop that the arrow keys scroll', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, 'admin@acme.test')
  await page.goto('/console/audit')
  const region = page.getByRole('region', { name: '审计日志' })
  await expect(region).toHaveAttribute('data-scrolls', 'yes')
  await expect(region).toHaveAttribute('tabindex', '0')
  await region.focus()
  await page.keyboard.press('ArrowRight')
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
})

// The demo's shipped order: its lines are the same whatever other specs did, so whether they fit depends on the width only.
test('an order’s lines are no tab stop where they fit a laptop, become one when the window narrows until they scroll, and stop again', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'warehouse@acme.test')
  await page.goto('/console/orders?q=SO-2026-000002')
  await page.getByTestId('order-link').filter({ hasText: 'SO-2026-000002' }).click()
  await expect(page).toHaveURL(/\/console\/orders\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const region = page.locator('[role="region"][aria-labelledby="lines-heading"]')
  await expect(region).toHaveAttribute('data-scrolls', 'no')
  await expect(region).not.toHaveAttribute('tabindex', /.*/)
  // Beside the side menu at 800 px the nine columns no longer fit.
  await page.setViewportSize({ width: 800, height: 900 })
  await expect(region).toHaveAttribute('data-scrolls', 'yes')
  await expect(region).toHaveAttribute('tabindex', '0')
  await page.setViewportSize({ width: 1280, height: 900 })
  await expect(region).not.toHaveAttribute('tabindex', /.*/)
})
