// The lists of people and of partners on a phone, in Chinese: each row a card whose words stay whole, and a partner's
// page whose people table scrolls inside its card. The roles column stood one character per line (系/统/管/理/员), the
// company names five lines tall, and a supplier's page panned 40 px sideways.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { chineseFontReady, setLocale, withChineseFont, wrapped } from '../text-layout'

const width = 390
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

async function open(page: Page, path: string) {
  await page.goto(path)
  await hydrated(page)
  expect(await pageWidth(page), path).toBeLessThanOrEqual(width)
}

test('on a phone the staff, partner and colleague lists are cards with whole words, and a supplier’s people scroll inside their card', async ({ browser }) => {
  const admin = await signedIn(browser, 'admin@acme.test')
  const alice = await signedIn(browser, 'alice@bright.test')
  try {
    const page = admin.page
    await setLocale(page, 'zh-CN')
    await page.setViewportSize({ width, height: 800 })

    await open(page, '/console/users')
    const me = page.getByTestId('people-table').locator('tbody tr').filter({ hasText: 'admin@acme.test' })
    expect(await me.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
    await expect(me.getByText('系统管理员')).toBeVisible()
    await expect(me.getByText(/^角色$/)).toBeVisible()
    expect(await wrapped(me)).toEqual([])

    await open(page, '/console/dealers')
    // Drawn first: a list not drawn would have no wrapped text either.
    await expect(page.getByTestId('partner-table').locator('tbody').getByText('DLR-NORTH')).toBeVisible()
    expect(await wrapped(page.getByTestId('partner-table').locator('tbody'))).toEqual([])

    await open(page, '/console/suppliers')
    const bright = page.getByTestId('partner-table').locator('tbody tr').filter({ hasText: 'SUP-BRIGHT' })
    expect(await bright.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
    // The full name takes the card's width: one line, where the squeezed column took five.
    expect(await wrapped(bright)).toEqual([])
    await expect(bright.getByText(/^区域$/)).toBeVisible()

    await bright.getByTestId('org-link').click()
    const people = page.getByTestId('org-people')
    await expect(people.getByTestId('org-person').first()).toBeVisible()
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)
    expect(await wrapped(people)).toEqual([])
    // Every column is there to scroll to, the status last among the visible ones.
    const status = people.getByTestId('org-person').first().getByTestId('status')
    await status.scrollIntoViewIfNeeded()
    await expect(status).toBeInViewport()

    await setLocale(alice.page, 'zh-CN')
    await alice.page.setViewportSize({ width, height: 800 })
    // In a CJK font, as a phone draws it, her own card's 陈爱丽（本人） broke inside the brackets: （本 over 人）.
    await withChineseFont(alice.page)
    await open(alice.page, '/supplier/users')
    await chineseFontReady(alice.page)
    const colleagues = alice.page.getByTestId('people-table').locator('tbody')
    await expect(colleagues.getByText('供应商管理员')).toBeVisible()
    expect(await wrapped(colleagues)).toEqual([])
  } finally {
    await admin.ctx.close()
    await alice.ctx.close()
  }
})
