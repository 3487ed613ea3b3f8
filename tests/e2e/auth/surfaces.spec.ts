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
  // Each choice is waited for until stored: two choices in flight at once may be stored in either order.
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
