import { expect, test } from '@playwright/test'
import { hydrated, signIn, signInThroughForm, signOut } from '../support'

test.describe('each kind of user lands on their own surface', () => {
  for (const [email, surface] of [
    ['admin@acme.test', 'console'],
    ['alice@bright.test', 'supplier'],
    ['dave@north.test', 'dealer'],
  ] as const) {
    test(`${email} → /${surface}, and is refused the other surfaces`, async ({ page }) => {
      await signInThroughForm(page, email)
      await expect(page).toHaveURL(new RegExp(`/${surface}$`))
      await expect(page.getByTestId(`${surface}-home`)).toBeVisible()
      for (const other of ['console', 'supplier', 'dealer'].filter((s) => s !== surface)) {
        const res = await page.goto(`/${other}`)
        expect(res?.status()).toBe(403)
        await expect(page.locator('[data-status="403"]')).toBeVisible()
      }
      await page.goto(`/${surface}`)
      await signOut(page)
      const res = await page.goto(`/${surface}`)
      expect(res?.url()).toContain('/login?redirectTo=')
    })
  }
})

test('a signed-out visitor is sent to sign-in from every surface', async ({ page }) => {
  for (const surface of ['console', 'supplier', 'dealer']) {
    await page.goto(`/${surface}`)
    await expect(page).toHaveURL(new RegExp(`/login\\?redirectTo=%2F${surface}`))
  }
})

test('a wrong password shows one message that does not reveal whether the account exists', async ({ page }) => {
  await page.goto('/login')
  await hydrated(page)
  await page.getByLabel(/e-mail|电子邮箱/i).fill('buyer@acme.test')
  await page.getByLabel(/^(password|密码)$/i).fill('not-the-password')
  await page.getByRole('button', { name: /sign in|登录/i }).click()
  const message = await page.getByTestId('form-error').textContent()
  await page.getByLabel(/e-mail|电子邮箱/i).fill('nobody@acme.test')
  await page.getByLabel(/^(password|密码)$/i).fill('not-the-password')
  await page.getByRole('button', { name: /sign in|登录/i }).click()
  await expect(page.getByTestId('form-error')).toHaveText(message!)
})

test('switching the language is kept on the user', async ({ page, context }) => {
  // Each choice is waited for until stored (the next test covers choices made in quick succession).
  const choose = async (locale: string) => {
    const stored = page.waitForResponse((r) => r.url().includes('/settings/locale') && r.request().method() === 'POST')
    await page.getByTestId('locale-switch').selectOption(locale)
    await stored
  }
  await signIn(page, 'buyer@acme.test')
  await choose('en')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome')
  await choose('zh-CN')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('欢迎')
  await context.clearCookies()
  await signInThroughForm(page, 'buyer@acme.test')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
})

test('a language chosen while the previous choice is on its way is sent after it, so the last choice is the one kept', async ({ page, context }) => {
  await signIn(page, 'buyer@acme.test')
  await hydrated(page)
  // Hold the first choice on its way; note every choice that leaves the browser.
  const sent: string[] = []
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  await page.route(/\/settings\/locale/, async (route) => {
    sent.push(new URLSearchParams(route.request().postData() ?? '').get('locale') ?? '')
    if (sent.length === 1) await held
    await route.continue()
  })
  await page.getByTestId('locale-switch').selectOption('en')
  await expect.poll(() => sent.length).toBe(1)
  await page.getByTestId('locale-switch').selectOption('zh-CN')
  await expect(page.getByTestId('locale-switch')).toHaveValue('zh-CN')
  // Sent at once, the second could reach the server first and be overwritten by the first.
  await page.waitForTimeout(500)
  expect(sent).toEqual(['en'])
  release()
  await expect.poll(() => sent).toEqual(['en', 'zh-CN'])
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByTestId('locale-switch')).toHaveValue('zh-CN')
  await page.unroute(/\/settings\/locale/)
  await context.clearCookies()
  await signInThroughForm(page, 'buyer@acme.test')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
})
