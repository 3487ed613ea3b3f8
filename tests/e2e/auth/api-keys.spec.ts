// A supplier admin makes an API key in the portal, sees its secret once, uses it from outside the
// browser (Authorization: Bearer), revokes it, and the same request is then refused.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn, signIn } from '../support'
import { chineseFontReady, setLocale, withChineseFont, wrapped } from '../text-layout'

test('a supplier admin creates a key, sees it once, uses it, and revokes it', async ({ page, request }) => {
  await signIn(page, 'alice@bright.test')
  await hydrated(page)
  await page.locator('nav a[href="/supplier/api-keys"]').first().click()
  await expect(page).toHaveURL(/\/supplier\/api-keys$/)
  await hydrated(page)

  const name = `ERP ${Date.now()}`
  await page.getByTestId('api-key-name').fill(name)
  await page.getByTestId('scope-auctions:read').check()
  await page.getByTestId('create-api-key').click()

  const secret = page.getByTestId('api-key-secret')
  await expect(secret).toBeVisible()
  const token = await secret.inputValue()
  expect(token).toMatch(/^cxk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
  const row = page.getByTestId('api-key-row').filter({ hasText: name })
  await expect(row).toHaveAttribute('data-status', 'active')
  await expect(row.getByTestId('api-key-prefix')).toHaveText(`${token.slice(0, 16)}_…`)
  await expect(row).toContainText(/查看电子竞价|Read e-auctions/)

  // Shown once: a reload (the loader) never carries the secret.
  await page.reload()
  await expect(page.getByTestId('api-key-row').filter({ hasText: name })).toBeVisible()
  await expect(page.getByTestId('api-key-created')).toHaveCount(0)
  expect(await page.content()).not.toContain(token.slice(17))

  // The request context has no cookie of alice's: the key alone authenticates.
  const ok = await request.get('/api/v1/auctions', { headers: { authorization: `Bearer ${token}` } })
  expect(ok.status()).toBe(200)
  expect(Array.isArray((await ok.json()).auctions)).toBe(true)
  // A read-only key may not bid (refused before the auction is even looked at); no Origin check applies.
  const bid = await request.post(`/api/v1/auctions/${crypto.randomUUID()}/bids`, {
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': `e2e-${Date.now()}`, origin: 'https://elsewhere.example' },
    data: { amount: '1.00' },
  })
  expect(bid.status()).toBe(403)
  expect(await bid.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

  await hydrated(page)
  const live = page.getByTestId('api-key-row').filter({ hasText: name })
  await live.getByTestId('revoke-api-key-open').click()
  await page.getByTestId('revoke-api-key-dialog').getByTestId('revoke-api-key-confirm').click()
  await expect(page.getByTestId('api-key-row').filter({ hasText: name })).toHaveAttribute('data-status', 'revoked')

  const refused = await request.get('/api/v1/auctions', { headers: { authorization: `Bearer ${token}` } })
  expect(refused.status()).toBe(401)
  expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
})

test('on a phone, in Chinese, the keys list is a card per key whose words and dates stay whole', async ({ browser }) => {
  const alice = await signedIn(browser, 'alice@bright.test')
  const page = alice.page
  let keyId: string | null = null
  try {
    await setLocale(page, 'zh-CN')
    await page.setViewportSize({ width: 390, height: 844 })
    // As a phone draws Chinese: the test machine's narrower boxes hid the breaks.
    await withChineseFont(page)
    await page.goto('/supplier/api-keys')
    await hydrated(page)
    // Unique and as short as a real name (four digits of the clock met again within seconds, and two rows matched).
    const name = `ERP 接口 ${crypto.randomUUID().slice(0, 6)}`
    await page.getByTestId('api-key-name').fill(name)
    await page.getByTestId('scope-auctions:bid').check()
    await page.getByTestId('create-api-key').click()
    await expect(page.getByTestId('api-key-secret')).toBeVisible()
    await chineseFontReady(page)
    const row = page.getByTestId('api-key-row').filter({ hasText: name })
    keyId = await row.getAttribute('data-key-id')
    // As a table the name stood a character a line (ERP / 接 / 口), the scope 电子竞 / 价报价, and the date and creator ran off the card.
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
    expect(await wrapped(row)).toEqual([])
    await expect(row.getByText('创建时间')).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const box = (await row.boundingBox())!
    for (const cell of await row.locator('td').all()) {
      const b = await cell.boundingBox()
      if (b && b.width > 0) expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5)
    }
  } finally {
    // A live key left by every run would pile up in alice's list (and grant access) for the specs after it.
    if (keyId) {
      const origin = new URL((await page.request.get('/healthz')).url()).origin
      const revoked = await page.request.post('/supplier/api-keys', { form: { intent: 'revoke', keyId }, headers: { Origin: origin }, maxRedirects: 0 })
      expect.soft(revoked.status(), 'the key made for the layout check is revoked').toBe(302)
    }
    await alice.ctx.close()
  }
})
