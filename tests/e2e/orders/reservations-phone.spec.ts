// On a phone the console order's reservations keep each status and time whole (已释放, not 已释 over 放): the table
// scrolls inside its own region instead of squeezing its columns, and the page never pans.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { chineseFontReady, withChineseFont, wrapped } from '../text-layout'

test("a console order's reservations on a phone: statuses and times on one line each, the page does not pan", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await withChineseFont(page)
  await signIn(page, 'sales.manager@acme.test')
  // The demo's SE-2026-130: 60 PK-3005 shipped, 40 released when its rest was cancelled.
  await page.goto('/console/orders?q=SE-2026-130')
  await page.getByRole('link', { name: /^SO-/ }).first().click()
  await expect(page).toHaveURL(/\/console\/orders\/[0-9a-f-]{36}$/)
  await hydrated(page)
  await chineseFontReady(page)
  const reservations = page.getByTestId('reservations')
  await expect(reservations.getByTestId('reservation-status').filter({ hasText: '已释放' })).toHaveCount(1)
  await expect(reservations.getByTestId('reservation-status').filter({ hasText: '已出库' })).toHaveCount(1)
  expect(await wrapped(reservations)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
})
