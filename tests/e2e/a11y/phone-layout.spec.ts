// A phone, a keyboard and a screen reader on the shared frame and tables (accessibility audit a2, P2-1 to P2-5):
// wide auction tables scroll inside their cards (the page never pans) and are keyboard stops; the phone menu closes
// on Escape, keeps Tab out of the page under it and scrolls when taller than the screen; a refused form raises no
// alert per field; a link inside a sentence is underlined, not told apart by colour alone.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { createPublishedAuction, openBidRoom, placeBid } from '../auction/portal-support'
import { chineseFontReady, drawnLines, withChineseFont } from '../text-layout'

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    return { tag: el?.tagName, id: el?.id, inMain: !!el?.closest('main'), inNav: !!el?.closest('#surface-nav'), expanded: el?.getAttribute('aria-expanded') }
  })

/** A table row read as a card (DataTable's phoneCards): a grid, each fact on it shown whole inside the screen, and each label above its figure. */
async function expectCard(row: Locator, facts: Locator[], labels: RegExp[], width: number) {
  expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
  for (const fact of facts) {
    await expect(fact).toBeVisible()
    const box = (await fact.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(width)
  }
  for (const label of labels) await expect(row.getByText(label)).toBeVisible()
}

test('on a phone the console order list, a price list’s items and channel stock are a card per row; the page never pans', async ({ browser }) => {
  const admin = await signedIn(browser, 'admin@acme.test')
  try {
    const page = admin.page
    const width = 375
    await page.setViewportSize({ width, height: 667 })

    await page.goto('/console/orders')
    await hydrated(page)
    const order = page.getByTestId('order-row').first()
    // The total sat past the right edge of a table that scrolled sideways.
    await expectCard(order, [order.getByTestId('order-link'), order.getByTestId('order-status'), order.getByTestId('order-list-total')], [/^(价税合计|Total)$/], width)
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)

    await page.goto('/console/price-lists')
    await hydrated(page)
    await page.getByTestId('price-list-code').first().click()
    await expect(page.getByTestId('price-list-page')).toBeVisible()
    const item = page.getByTestId('price-item').first()
    const remove = item.getByRole('button')
    await expectCard(item, [item.getByTestId('price-item-price'), remove], [/^(单价|Unit price)$/, /^(起始数量|From quantity)$/], width)
    // The remove button keeps its word on one line, at least 24 px each way (WCAG 2.5.8).
    const removeBox = (await remove.boundingBox())!
    expect(Math.min(removeBox.width, removeBox.height)).toBeGreaterThanOrEqual(24)
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)

    await page.goto('/console/channel-stock')
    await hydrated(page)
    const stock = page.getByTestId('channel-table').locator('tbody tr').first()
    await expectCard(stock, [stock.getByTestId('row-dealer'), stock.getByTestId('row-sku'), stock.getByTestId('row-on-hand'), stock.getByTestId('row-cover')], [/^(最新库存|Latest on hand)$/, /^(可售周数|Weeks of cover)$/], width)
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)
  } finally {
    await admin.ctx.close()
  }
})

test('on a phone the dealer’s own order list and channel-stock reports are a card each, as the console’s lists are', async ({ browser }) => {
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    const page = dave.page
    const width = 375
    await page.setViewportSize({ width, height: 667 })
    await page.goto('/dealer/orders')
    await hydrated(page)
    const order = page.getByTestId('order-row').first()
    await expectCard(order, [order.getByTestId('order-link'), order.getByTestId('order-status'), order.getByTestId('order-list-total')], [/^(价税合计|Total)$/], width)
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)

    // As a table it showed a report's period, type and product count, and scrolled its stock and sales out of sight.
    await page.goto('/dealer/channel-stock')
    await hydrated(page)
    const report = page.getByTestId('channel-history-table').locator('tbody tr').first()
    await expectCard(report, [report.getByTestId('history-period'), report.getByTestId('history-on-hand').first(), report.getByTestId('history-sold').first()], [/^(库存合计|On hand \(total\))$/, /^(销量合计|Sold \(total\))$/], width)
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)
  } finally {
    await dave.ctx.close()
  }
})

/** Visible buttons (and button-styled links) under WCAG 2.5.8's 24 × 24 px minimum, named with their size. */
const smallButtons = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('button, summary, [role="button"], a.btn-primary, a.btn-secondary, a.btn-ghost')]
      .filter((el) => !el.closest('[inert]'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 24 || r.height < 24))
      .map(({ el, r }) => `${el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 20)} ${Math.round(r.width)}×${Math.round(r.height)}`),
  )

test('on a phone no button of the console or the portals is under 24 × 24 px, nor a link squeezed into a sliver', async ({ browser }) => {
  test.setTimeout(90_000)
  const phone = { width: 375, height: 667 }
  const admin = await signedIn(browser, 'admin@acme.test')
  const dave = await signedIn(browser, 'dave@north.test')
  const alice = await signedIn(browser, 'alice@bright.test')
  try {
    const page = admin.page
    await page.setViewportSize(phone)
    const open = async (path: string) => {
      await page.goto(path)
      await hydrated(page)
    }
    // The audit log's expand toggles were 16 px tall.
    await open('/console/audit')
    await expect(page.getByTestId('audit-expand').first()).toBeVisible()
    expect(await smallButtons(page)).toEqual([])
    // A bin's ✕ was 19 px wide.
    await open('/console/warehouses')
    await page.getByTestId('warehouse-code').first().click()
    await expect(page.getByTestId('bin').first()).toBeVisible()
    expect(await smallButtons(page)).toEqual([])
    // An order's audit details opened on a 16 px line.
    await open('/console/orders')
    await page.getByTestId('order-link').first().click()
    await expect(page.getByTestId('audit-row-details').first()).toBeVisible()
    expect(await smallButtons(page)).toEqual([])
    // A one-digit product count was a 9 px link; Edit on the dealer terms stood one character per line, 8 px wide.
    await open('/console/categories')
    const counts = await page.getByTestId('category-product-count').all()
    expect(counts.length).toBeGreaterThan(0)
    for (const link of counts) expect((await link.boundingBox())!.width).toBeGreaterThanOrEqual(24)
    await open('/console/dealer-terms')
    const editLines = await page
      .locator('[data-testid^="edit-terms-"]')
      .first()
      .evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)))
    expect(editLines).toBe(1)
    // The bell's notices were 16 px lines of text, one under the other.
    await open('/console')
    await page.getByTestId('bell').click()
    const notices = await page.getByTestId('notification-link').all()
    expect(notices.length).toBeGreaterThan(0)
    for (const n of notices) expect((await n.boundingBox())!.height).toBeGreaterThanOrEqual(24)
    expect(await smallButtons(page)).toEqual([])

    for (const [who, paths] of [
      [dave.page, ['/dealer', '/dealer/catalog', '/dealer/orders', '/dealer/channel-stock']],
      [alice.page, ['/supplier', '/supplier/auctions', '/supplier/users']],
    ] as const) {
      await who.setViewportSize(phone)
      for (const path of paths) {
        await who.goto(path)
        await hydrated(who)
        expect(await smallButtons(who), path).toEqual([])
      }
    }
  } finally {
    await admin.ctx.close()
    await dave.ctx.close()
    await alice.ctx.close()
  }
})

test('on a phone the live monitor stays as wide as the screen; its ladder and event log are named keyboard stops; a refused bid alerts without its button', async ({ browser }) => {
  test.setTimeout(120_000)
  const buyer = await signedIn(browser, 'buyer@acme.test')
  const alice = await signedIn(browser, 'alice@bright.test')
  try {
    const id = await createPublishedAuction(buyer.page, { title: `A11y phone ${Date.now()}`, suppliers: ['SUP-BRIGHT'], ceiling: '100000.00', decrementAmount: '100.00', visibility: 'best', endIn: 600 })
    await openBidRoom(alice.page, id)

    // P3-2: the refusal is the alert, with no button in what it reads; the one that fills the amount in is the
    // panel's, beside the highest amount at its top (a second one under the refusal read as for another amount).
    await placeBid(alice.page, '100000.01')
    const alert = alice.page.locator('#bid-error')
    await expect(alert).toHaveAttribute('role', 'alert')
    await expect(alert).toContainText('100,000.00')
    await expect(alice.page.getByTestId('bid-error').getByRole('button')).toHaveCount(0)
    await expect(alice.page.getByTestId('fill-max')).toBeVisible()
    // At least 24 px tall (WCAG 2.5.8): it was 22.
    expect((await alice.page.getByTestId('fill-max').boundingBox())!.height).toBeGreaterThanOrEqual(24)

    await placeBid(alice.page, '99000')
    await expect(alice.page.getByTestId('bid-accepted')).toBeVisible()

    await buyer.page.setViewportSize({ width: 390, height: 844 })
    await buyer.page.goto(`/console/auctions/${id}`)
    await hydrated(buyer.page)
    await expect(buyer.page.getByTestId('buyer-ladder-row')).toHaveCount(1)
    // The ladder's visually hidden last header sat outside an unpositioned scroller and widened the page to 513px.
    expect(await pageWidth(buyer.page)).toBeLessThanOrEqual(390)

    for (const heading of ['ladder-title', 'event-log-title']) {
      const name = (await buyer.page.locator(`#${heading}`).innerText()).trim()
      const scroller = buyer.page.getByRole('region', { name, exact: true })
      // One region of that name: the section around the scroller is not a second one (landmark-unique).
      await expect(scroller).toHaveCount(1)
      await expect(scroller).toHaveAttribute('tabindex', '0')
      await expect(scroller.locator('table')).toHaveCount(1)
    }
  } finally {
    await buyer.ctx.close()
    await alice.ctx.close()
  }
})

test('the phone menu: Escape closes it wherever focus is and gives focus back, Tab stays out of the page under it, and it scrolls on a small phone', async ({ browser }) => {
  const admin = await signedIn(browser, 'admin@acme.test')
  try {
    const page = admin.page
    // An iPhone SE: the console's links are taller than the screen.
    await page.setViewportSize({ width: 375, height: 667 })
    await page.goto('/console')
    await hydrated(page)
    const button = page.locator('button[aria-controls="surface-nav"]')
    const nav = page.locator('#surface-nav')
    await button.focus()
    await page.keyboard.press('Enter')
    await expect(button).toHaveAttribute('aria-expanded', 'true')
    await expect(nav).toBeVisible()

    // The last link is reachable: the menu scrolls inside itself (a fixed box does not scroll with the page).
    const last = nav.getByRole('link').last()
    await last.scrollIntoViewIfNeeded()
    const box = (await last.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(667)
    expect(await page.evaluate(([x, y]) => !!document.elementFromPoint(x, y)?.closest('#surface-nav'), [box.x + 5, box.y + box.height / 2])).toBe(true)

    // Tab past the last link never lands on a control hidden under the menu.
    await last.focus()
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab')
      expect((await focused(page)).inMain).toBe(false)
    }

    await last.focus()
    await page.keyboard.press('Escape')
    await expect(nav).toBeHidden()
    await expect(button).toHaveAttribute('aria-expanded', 'false')
    await expect(button).toBeFocused()
    // Closed, the page is live again.
    await page.locator('main').getByRole('link').first().focus()
    expect((await focused(page)).inMain).toBe(true)

    // Escape closes it wherever focus is: opened with a tap, then focus left on the body (a tap on the menu's padding).
    await button.click()
    await expect(nav).toBeVisible()
    await nav.click({ position: { x: 4, y: 4 } })
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    expect((await focused(page)).tag).toBe('BODY')
    await expect(nav).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(nav).toBeHidden()
    await expect(button).toHaveAttribute('aria-expanded', 'false')
    await expect(button).toBeFocused()

    // P3-7: the bell's panel opens on its heading, so a second Enter marks nothing read.
    await page.getByTestId('bell').focus()
    await page.keyboard.press('Enter')
    await expect(page.locator('#notification-bell-title')).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('bell')).toBeFocused()
  } finally {
    await admin.ctx.close()
  }
})

test('on a phone the header shows the organization’s name whole, on two lines, in both languages; the menu names it too', async ({ browser }) => {
  const alice = await signedIn(browser, 'alice@bright.test')
  const page = alice.page
  try {
    await page.setViewportSize({ width: 375, height: 667 })
    await withChineseFont(page)
    await page.goto('/supplier')
    await hydrated(page)
    const names = { en: 'Shenzhen Bright Components', 'zh-CN': '深圳明亮电子元件有限公司' }
    for (const locale of ['en', 'zh-CN'] as const) {
      await page.getByTestId('locale-switch').selectOption(locale)
      await expect(page.locator('html')).toHaveAttribute('lang', locale)
      const name = page.getByTestId('org-name')
      await expect(name).toHaveText(names[locale])
      // Nothing clipped: on one truncated line the header read "Shenzhen B…".
      expect(await name.evaluate((el) => el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth)).toBe(true)
      // Two lines of about the same length: in a CJK font the Chinese name broke as 深圳明亮电子元件有限 over 公司 (a lone 司 at 390 px).
      if (locale === 'zh-CN') {
        await chineseFontReady(page)
        const lines = await drawnLines(name)
        expect(lines.join('')).toBe(names[locale])
        expect(Math.min(...lines.map((l) => l.length)), lines.join(' / ')).toBeGreaterThanOrEqual(5)
      }
      // The header keeps its height (the menu and its backdrop sit right under it) and the page does not pan.
      expect((await page.locator('header').boundingBox())!.height).toBeLessThanOrEqual(57)
      expect(await pageWidth(page)).toBeLessThanOrEqual(375)
    }
    await page.locator('button[aria-controls="surface-nav"]').click()
    await expect(page.getByTestId('menu-org-name')).toContainText(names['zh-CN'])
  } finally {
    // Failed while in English, alice would stay so for every later spec on this server that reads her pages in Chinese.
    if ((await page.locator('html').getAttribute('lang').catch(() => null)) === 'en') {
      await page.getByTestId('locale-switch').selectOption('zh-CN').catch(() => {})
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN').catch(() => {})
    }
    await alice.ctx.close()
  }
})

test('a refused sign-in raises no alert per field: focus goes to the first, which reads its own message', async ({ page }) => {
  await page.goto('/login')
  await hydrated(page)
  await page.getByRole('button', { name: /sign in|登录/i }).click()
  const email = page.getByLabel(/e-mail|电子邮箱/i)
  await expect(email).toBeFocused()
  await expect(email).toHaveAttribute('aria-invalid', 'true')
  const describedBy = (await email.getAttribute('aria-describedby'))!
  await expect(page.locator(`[id="${describedBy.split(' ')[0]}"]`)).toHaveText(/./)
  await expect(page.getByRole('alert')).toHaveCount(0)
  // P3-5: the brand and the language switcher are inside the main landmark too.
  await expect(page.locator('main #locale-switch')).toHaveCount(1)
})

test('links inside a sentence on the dealer home are underlined', async ({ browser }) => {
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    await dave.page.goto('/dealer')
    await hydrated(dave.page)
    const link = dave.page.getByTestId('sales-contact').getByRole('link')
    await expect(link).toHaveCount(1)
    expect(await link.evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline')
  } finally {
    await dave.ctx.close()
  }
})
