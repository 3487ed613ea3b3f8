// The console's channel-stock page for keyboard and screen-reader users and at 320 px (WCAG 2.1.1,
// 4.1.2, 1.4.10): the charts are no unnamed tab stops in role="application" (their tables say what
// they show), and the filters fit a 320 px wide window without scrolling sideways.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test('channel-stock charts are no tab stops, keep their tables, and the filters reflow at 320 px', async ({ page }) => {
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/channel-stock')
  await hydrated(page)
  const charts = page.getByTestId('channel-chart')
  await expect(charts.first().locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible()
  const n = await charts.count()
  expect(n).toBeGreaterThan(0)
  for (let i = 0; i < n; i++) {
    const chart = charts.nth(i)
    await expect(chart.locator('.recharts-wrapper > svg.recharts-surface')).toHaveCount(1)
    await expect(chart.locator('[role="application"], [tabindex]:not([tabindex="-1"])')).toHaveCount(0)
    // The drawing is hidden from the accessibility tree; the figure's name and table remain.
    await expect(chart.locator('.recharts-wrapper > svg.recharts-surface').locator('xpath=ancestor::*[@aria-hidden="true"][1]')).toHaveCount(1)
    expect(await chart.getAttribute('aria-label')).toBeTruthy()
    expect(await chart.getByTestId('chart-point').count()).toBeGreaterThan(0)
  }
  // Tabbing through the whole page never lands inside a chart.
  await page.getByTestId('filter-apply').focus()
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="channel-chart"]'))).toBe(false)
  }

  await page.setViewportSize({ width: 320, height: 640 })
  await page.reload()
  await hydrated(page)
  await expect(page.getByTestId('channel-filters')).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
  const form = await page.getByTestId('channel-filters').boundingBox()
  for (const id of ['filter-kind', 'filter-from', 'filter-to', 'filter-region', 'filter-dealer', 'filter-category', 'filter-group']) {
    const b = (await page.getByTestId(id).boundingBox())!
    expect(b.x + b.width, id).toBeLessThanOrEqual(form!.x + form!.width)
  }
})
