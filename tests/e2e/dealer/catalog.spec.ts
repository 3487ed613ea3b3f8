import { expect, test } from '@playwright/test'
import { hydrated, signIn, signedIn } from '../support'
import { addToCart } from '../orders/order-support'
import { wrapped } from '../text-layout'

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.-]/g, ''))

test('a dealer sees its own prices, and availability changes live when the warehouse adjusts stock', async ({ browser }) => {
  const daveCtx = await browser.newContext()
  const whCtx = await browser.newContext()
  try {
    const dave = await daveCtx.newPage()
    await signIn(dave, 'dave@north.test')
    await dave.getByRole('link', { name: /^(Catalog|产品目录)$/ }).click()
    await expect(dave).toHaveURL(/\/dealer\/catalog$/)
    await dave.goto('/dealer/catalog?q=MT-2004')
    await hydrated(dave)
    await expect(dave.locator('html')).toHaveAttribute('data-socket', 'connected')
    // Tier A: 80 % of MT-2004's list price 9.80; no volume breaks on metal parts. EL-1004 (below) has them.
    await expect(dave.getByTestId('unit-price')).toHaveText([/7\.84/])
    await expect(dave.getByTestId('price-breaks')).toHaveCount(0)
    const row = dave.locator('[data-testid="catalog-row-atp"][data-sku="MT-2004"]')
    const sh = row.locator('[data-testid="atp"][data-warehouse="SH-MAIN"] [data-testid="atp-qty"]')
    const before = num(await sh.textContent())
    const totalBefore = num(await row.getByTestId('atp-total').textContent())
    expect(before).toBeGreaterThan(0)
    const productHref = await dave.getByTestId('catalog-sku').getAttribute('href')
    const productId = productHref!.split('/').pop()!
    // Marks this document: if the page reloaded, the mark would be gone.
    await dave.evaluate(() => ((window as any).__noReload = true))

    const wh = await whCtx.newPage()
    await signIn(wh, 'warehouse@acme.test')
    await wh.goto(`/console/inventory/${productId}`)
    await hydrated(wh)
    const form = wh.getByTestId('adjust-form')
    await form.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
    // MT-2004 is batch-tracked: what comes in names its lot.
    await form.getByTestId('adjust-batch').fill('E2E-RETURNS')
    await form.getByTestId('adjust-quantity').fill('5')
    await form.getByTestId('adjust-reason').fill('Found on returns shelf')
    await form.getByTestId('adjust-submit').click()

    await expect(sh).toHaveText(String(before + 5), { timeout: 10_000 })
    await expect(row.getByTestId('atp-total')).toHaveText(String(totalBefore + 5))
    expect(await dave.evaluate(() => (window as any).__noReload)).toBe(true)

    // The product page shows the same data in detail, with the volume ladder where there is one.
    await dave.goto('/dealer/catalog?q=EL-1004')
    await dave.getByTestId('catalog-sku').click()
    await expect(dave).toHaveURL(/\/dealer\/catalog\/[0-9a-f-]{36}$/)
    await expect(dave.getByTestId('unit-price')).toHaveText(/134\.4/)
    await expect(dave.getByTestId('break-row')).toHaveCount(3)
    await expect(dave.getByTestId('tax-rate')).toHaveText('13%')
    // The card's heading is not its first row's label over again (您的价格 above 您的价格).
    await expect(dave.locator('#price-heading')).toHaveText('价格信息')
  } finally {
    await daveCtx.close()
    await whCtx.close()
  }
})

// Chinese breaks between any two characters: the squeezed catalog read 物料编 / 码, 单 / 位 and 千 / 克 on a 1280-pixel screen.
test('on a desktop the catalog keeps each column header and unit on one line in Chinese', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'dave@north.test')
  await page.goto('/dealer/catalog')
  await hydrated(page)
  const table = page.getByTestId('catalog-table')
  await expect(table.locator('thead')).toContainText('物料编码')
  expect(await wrapped(table.locator('thead'))).toEqual([])
  for (const cell of await table.locator('tbody td:nth-child(5)').all()) expect(await wrapped(cell)).toEqual([])
  await expect(table.locator('tbody td:nth-child(5)').filter({ hasText: '千克' })).toHaveCount(1)
})

test('a dealer user opening an unknown product gets 404, and a supplier user gets 403 on the catalog', async ({ browser }) => {
  const ctx = await browser.newContext()
  try {
    const page = await ctx.newPage()
    await signIn(page, 'dora@north.test')
    const missing = await page.goto('/dealer/catalog/00000000-0000-4000-8000-000000000000')
    expect(missing?.status()).toBe(404)
    const list = await page.goto('/dealer/catalog')
    expect(list?.headers()['cache-control']).toMatch(/no-store/)
    await ctx.clearCookies()
    await signIn(page, 'alice@bright.test')
    const refused = await page.goto('/dealer/catalog')
    expect(refused?.status()).toBe(403)
  } finally {
    await ctx.close()
  }
})

// A dealer whose tier has no price list in force today is told so once, above its catalog, a product and its cart, naming
// its sales contact; an order sent from a cart priced before (its tab heard no push) is refused with the same news, and the
// cart prices again to show it. South is moved to a tier whose only list starts next month, and put back: the list is then
// made a long-past tier C one, so no new tier is left among the choices (lists cannot be deleted).
test('a dealer without a price list in force is told once on catalog, product and cart, naming its sales contact, and cannot order', async ({ browser }) => {
  test.setTimeout(60_000)
  const [frank, manager] = await Promise.all([signedIn(browser, 'frank@south.test'), signedIn(browser, 'sales.manager@acme.test')])
  const origin = new URL(manager.page.url()).origin
  const post = async (url: string, form: Record<string, string>) => {
    const res = await manager.page.request.post(url, { form, headers: { Origin: origin }, maxRedirects: 0 })
    expect(res.status(), `${url}: ${res.status() === 302 ? '' : await res.text()}`).toBe(302)
    return res.headers().location
  }
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const nextMonth = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10)
  const code = `PL-E2E-LATER-${Date.now()}`
  const list = { intent: 'save', code, nameEn: 'Starts next month', nameZh: '下月生效', currency: 'CNY' }
  let listUrl: string | null = null
  let terms: Record<string, string> | null = null
  let termsUrl = ''
  try {
    listUrl = await post('/console/price-lists/new', { ...list, tier: 'LATER', validFrom: nextMonth, validTo: '' })
    expect(listUrl).toMatch(/^\/console\/price-lists\/[0-9a-f-]{36}$/)

    // Priced today: the cart is open at a total, and hears no push from here on.
    await addToCart(frank.page, 'MT-2001', '2')
    await frank.page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close())
    await frank.page.route('**/socket.io/**', (route) => route.abort())
    await frank.page.goto('/dealer/cart')
    await hydrated(frank.page)
    await expect(frank.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
    await expect(frank.page.getByTestId('no-price-list')).toHaveCount(0)

    // The manager moves South to the tier whose list starts next month: allowed (it has a list), and nothing prices it today.
    await manager.page.goto('/console/dealer-terms')
    await hydrated(manager.page)
    await manager.page.getByTestId('edit-terms-DLR-SOUTH').click()
    await expect(manager.page).toHaveURL(/\/console\/dealer-terms\/[0-9a-f-]{36}$/)
    await hydrated(manager.page)
    termsUrl = new URL(manager.page.url()).pathname
    const field = (name: string) => manager.page.locator(`[name="${name}"]`).inputValue()
    const before = { priceTier: await field('priceTier'), creditLimit: await field('creditLimit'), paymentTermsDays: await field('paymentTermsDays'), salesOwnerUserId: await field('salesOwnerUserId'), currency: await field('currency') }
    expect(before.priceTier).toBe('C')
    terms = before
    await manager.page.getByTestId('terms-tier-input').selectOption('LATER')
    await manager.page.getByTestId('terms-save').click()
    await expect(manager.page).toHaveURL(/\/console\/dealer-terms$/)

    // The order sent from the cart priced before is refused, naming the contact; the cart prices again and says it once.
    await frank.page.getByTestId('place-order').click()
    const refusal = frank.page.getByTestId('checkout-form').getByTestId('form-error')
    await expect(refusal).toHaveText('您目前没有有效的价格表，暂时无法下单。请联系您的销售对接人 刘洋 Liu Yang（sales@acme.test）。')
    await expect(frank.page).toHaveURL(/\/dealer\/cart$/)
    const notice = frank.page.getByTestId('no-price-list')
    await expect(notice).toHaveCount(1)
    await expect(notice).toContainText('暂无有效价格表 — 请联系您的销售对接人 刘洋 Liu Yang')
    await expect(notice.getByTestId('no-price-list-contact')).toHaveAttribute('href', 'mailto:sales@acme.test')
    await expect(frank.page.getByTestId('cart-line')).toHaveAttribute('data-orderable', 'no')
    await expect(frank.page.getByTestId('place-order')).toBeDisabled()

    // The catalog and a product's page say it once too, above prices on request.
    await frank.page.goto('/dealer/catalog?q=MT-2001')
    await hydrated(frank.page)
    await expect(notice).toHaveCount(1)
    await expect(notice.getByTestId('no-price-list-contact')).toHaveText('sales@acme.test')
    await expect(frank.page.getByTestId('price-on-request').first()).toBeVisible()
    await expect(frank.page.getByTestId('unit-price')).toHaveCount(0)
    await frank.page.getByTestId('catalog-sku').first().click()
    await expect(frank.page).toHaveURL(/\/dealer\/catalog\/[0-9a-f-]{36}$/)
    await expect(notice).toHaveCount(1)
    await expect(notice).toContainText('刘洋 Liu Yang')
  } finally {
    try {
      if (terms) await post(termsUrl, terms)
      if (listUrl) await post(listUrl, { ...list, tier: 'C', validFrom: '2020-01-01', validTo: '2020-01-02' })
    } finally {
      await Promise.all([frank.ctx.close(), manager.ctx.close()])
    }
  }
})
