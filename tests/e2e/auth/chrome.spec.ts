import { expect, test, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { cancelAsDealer, placeOrder } from '../orders/order-support'

const unread = async (page: Page) => ((await page.getByTestId('bell-count').count()) ? Number(await page.getByTestId('bell-count').textContent()) : 0)

// Following a notice from the bell reads it and closes the panel; it stayed open over the page it
// led to and stayed unread, even after a reload.
test('a notice followed from the bell is read, and the panel closes', async ({ browser }) => {
  test.setTimeout(60_000)
  const [frank, manager] = await Promise.all([signedIn(browser, 'frank@south.test'), signedIn(browser, 'sales.manager@acme.test')])
  let orderId: string | null = null
  try {
    await manager.page.goto('/console')
    await hydrated(manager.page)
    await expect(manager.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const before = await unread(manager.page)
    // South's order over its credit limit rings the sales managers' bells.
    orderId = await placeOrder(frank.page, 'AS-4002', '70', `E2E-BELL-${Date.now()}`)
    await expect(manager.page.getByTestId('bell-count')).toHaveText(String(before + 1), { timeout: 10_000 })
    await manager.page.getByTestId('bell').click()
    await manager.page.getByTestId('notification-list').getByTestId('notification-link').first().click()
    await expect(manager.page).toHaveURL(new RegExp(`/console/orders/${orderId}$`))
    await expect(manager.page.getByTestId('notification-list')).toHaveCount(0)
    await expect.poll(() => unread(manager.page)).toBe(before)
    await manager.page.reload()
    await hydrated(manager.page)
    expect(await unread(manager.page)).toBe(before)
  } finally {
    if (orderId) await cancelAsDealer(frank.page, orderId)
    await Promise.all([frank.ctx.close(), manager.ctx.close()])
  }
})

// A URL no route matches has no root data; the page once fell back to Chinese in the browser after
// the server had rendered it in English (页面不存在). React still reports a hydration mismatch on such a
// URL and renders it again in the browser: a known Remix issue (remix-run/remix#10697), so only what
// the user sees is checked here.
test("an unknown address answers 404 in the user's own language, and the page stays in it", async ({ browser }) => {
  const finance = await signedIn(browser, 'finance@acme.test')
  const setLocale = async (locale: string) => {
    const origin = new URL(finance.page.url() || 'http://127.0.0.1').origin
    const res = await finance.page.request.post('/settings/locale', { form: { locale, redirectTo: '/console' }, headers: { Origin: origin }, maxRedirects: 0 })
    expect(res.status()).toBeLessThan(400)
  }
  try {
    await finance.page.goto('/console')
    await setLocale('en')
    const res = await finance.page.goto('/console/no-such-page')
    expect(res!.status()).toBe(404)
    // The error page has no root effect to mark hydration by: let the scripts load and run.
    await finance.page.waitForLoadState('networkidle')
    await expect(finance.page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(finance.page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
    await expect(finance.page.getByTestId('error-home')).toHaveText('Go to my workspace')
  } finally {
    await setLocale('zh-CN')
    await finance.ctx.close()
  }
})

// The avatar held two Chinese characters, crowded in its circle; the bell broke SO-2026- from 000002 at the hyphen on a phone.
test("the avatar holds a Chinese name's first character, and the bell keeps document numbers whole on a phone", async ({ browser }) => {
  const dora = await signedIn(browser, 'dora@north.test')
  const sales = await signedIn(browser, 'sales@acme.test')
  try {
    // 刘洋 Liu Yang: the surname; Dora Qian 钱朵拉: her Latin initials.
    await expect(sales.page.getByTestId('user-menu').locator('span[aria-hidden]').first()).toHaveText('刘')
    await expect(dora.page.getByTestId('user-menu').locator('span[aria-hidden]').first()).toHaveText('DQ')
    // North's demo shipments rang Dora's bell: each names its shipment and order, each number on one line.
    await dora.page.setViewportSize({ width: 390, height: 844 })
    await dora.page.getByTestId('bell').click()
    const notice = dora.page.getByTestId('notification-link').filter({ hasText: /SHP-\d{4}-\d+/ }).first()
    await expect(notice).toBeVisible()
    const codes = notice.locator('span.whitespace-nowrap')
    const texts = await codes.allTextContents()
    expect(texts.some((c) => /^SHP-\d{4}-\d+$/.test(c)) && texts.some((c) => /^SO-\d{4}-\d+$/.test(c)), texts.join(' ')).toBe(true)
    for (const code of await codes.all()) expect((await code.boundingBox())!.height).toBeLessThan(24)
  } finally {
    await Promise.all([dora.ctx.close(), sales.ctx.close()])
  }
})
