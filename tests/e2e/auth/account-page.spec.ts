// The account page (the same on every surface) on a phone: its time-zone choice reads whole.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { chineseFontReady, drawnLines, withChineseFont } from '../text-layout'

test('on a phone the chosen time zone reads whole, its offset included, however long its name', async ({ page }) => {
  await withChineseFont(page)
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, 'carol@ningbo.test')
  await page.goto('/supplier/account')
  await hydrated(page)
  await chineseFontReady(page)
  const select = page.getByLabel('时区')
  const shown = page.getByTestId('time-zone-shown')
  // A select draws its choice on one line: "Asia/Shanghai · 中国标准时间 UTC+08:0" at 390 px.
  for (const zone of ['Asia/Shanghai', 'America/Los_Angeles']) {
    await select.selectOption(zone)
    const label = (await select.locator('option:checked').textContent())!.trim()
    expect(label).toMatch(new RegExp(`^${zone} · .+ UTC[+-]\\d{2}:\\d{2}$`))
    // Every character of the label is drawn, within the page's width.
    expect((await drawnLines(shown)).join('')).toBe(label.replace(/\s+/g, ''))
    const box = (await shown.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(await shown.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  }
  // The longest (北美太平洋时间) takes two lines rather than losing its offset.
  expect((await drawnLines(shown)).length).toBe(2)
  // A tap on the box reaches the select.
  const box = (await shown.boundingBox())!
  expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('name'), { x: box.x + box.width / 2, y: box.y + box.height / 2 })).toBe('timeZone')
})
