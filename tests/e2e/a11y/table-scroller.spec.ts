// A wide table's scroller is a tab stop so a keyboard can scroll it (WCAG 2.1.1), but only while it has something to
// scroll: a table that fits, or reads as cards on a phone, made a stop that did nothing. It follows the window's width.
import { expect, test } from '@playwright/test'
import { signIn } from '../support'

test('the audit log’s table is a tab stop on a phone, where it scrolls sideways, and not on a laptop, where it fits', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, 'admin@acme.test')
  await page.goto('/console/audit')
  const region = page.getByRole('region', { name: '审计日志' })
  await expect(region).toHaveAttribute('data-scrolls', 'yes')
  await expect(region).toHaveAttribute('tabindex', '0')
  await region.focus()
  await page.keyboard.press('ArrowRight')
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)

  await page.setViewportSize({ width: 1280, height: 900 })
  await expect(region).toHaveAttribute('data-scrolls', 'no')
  await expect(region).not.toHaveAttribute('tabindex', /.*/)

  await page.setViewportSize({ width: 390, height: 844 })
  await expect(region).toHaveAttribute('tabindex', '0')
})
