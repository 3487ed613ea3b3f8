import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

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
  } finally {
    await daveCtx.close()
    await whCtx.close()
  }
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
