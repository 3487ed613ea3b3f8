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

test('the time-zone box says the zone the select holds, after a reset, a save, a reload and going back, and its keyboard focus shows in forced colours', async ({ page }) => {
  await signIn(page, 'carol@ningbo.test')
  await page.goto('/supplier/account')
  await hydrated(page)
  const select = page.getByLabel('时区')
  const shown = page.getByTestId('time-zone-shown')
  const was = await select.inputValue()
  const other = was === 'Asia/Tokyo' ? 'Europe/Berlin' : 'Asia/Tokyo'
  // The box draws the select's checked option: it kept the first zone it was given in state, so it went on
  // naming a zone the select no longer held.
  const matches = async (zone: string) => {
    await expect(select).toHaveValue(zone)
    await expect(shown).toHaveText((await select.locator('option:checked').textContent())!.trim())
  }
  try {
    // The select is unseen: a keyboard user sees where focus is by the box's outline, which forced colours keep (they drop a ring).
    await page.emulateMedia({ forcedColors: 'active' })
    await page.locator('#profile-locale').focus()
    await page.keyboard.press('Tab')
    await expect(select).toBeFocused()
    expect(await shown.evaluate((el) => [getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineWidth])).toEqual(['solid', '2px'])
    await page.emulateMedia({ forcedColors: 'none' })

    await select.selectOption(other)
    await matches(other)
    await page.getByTestId('profile-form').evaluate((form: HTMLFormElement) => form.reset())
    await matches(was)

    await select.selectOption(other)
    await page.getByTestId('profile-form').getByRole('button', { name: '保存' }).click()
    await expect(page.getByTestId('toast').last()).toBeVisible()
    await matches(other)
    await page.reload()
    await hydrated(page)
    await matches(other)
    // Back to the page from another: the browser may restore the form as it was left.
    await page.goto('/supplier')
    await page.goBack()
    await hydrated(page)
    await matches(other)
  } finally {
    await page.goto('/supplier/account')
    await hydrated(page)
    if ((await select.inputValue()) !== was) {
      await select.selectOption(was)
      await page.getByTestId('profile-form').getByRole('button', { name: '保存' }).click()
      await expect(page.getByTestId('toast').last()).toBeVisible()
    }
  }
})
