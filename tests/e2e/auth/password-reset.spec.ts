import { expect, test } from '@playwright/test'
import { hydrated, signIn, signInThroughForm } from '../support'

// cathy@ningbo.test belongs to this spec alone: its password changes here.
const USER = 'cathy@ningbo.test'
const NEW_PASSWORD = 'cathy-chose-a-new-passphrase'

test('a supplier user resets a forgotten password through the link the admin finds on the mail page', async ({ page, browser }) => {
  await page.goto('/login')
  await hydrated(page)
  await page.getByRole('link', { name: /forgot your password|忘记密码/i }).click()
  await expect(page).toHaveURL(/\/forgot-password$/)
  await hydrated(page)
  await page.getByLabel(/e-mail|电子邮箱/i).fill(USER)
  await page.getByTestId('forgot-submit').click()
  await expect(page.getByTestId('reset-requested')).toBeVisible()

  const adminContext = await browser.newContext()
  const admin = await adminContext.newPage()
  await signIn(admin, 'admin@acme.test')
  await admin.goto('/console/mail')
  await hydrated(admin)
  const table = admin.getByTestId('mail-table')
  await table.getByRole('searchbox', { name: /recipient|收件人/i }).fill(USER)
  await table.getByRole('button', { name: /search|搜索/i }).click()
  await expect(admin).toHaveURL(/q=cathy/)
  await expect(admin.getByTestId('mail-to')).toHaveText([USER])
  await admin.getByTestId('mail-open').click()
  await expect(admin.getByTestId('mail-message')).toBeVisible()

  // The worker started at boot writes the message out; the page shows it once done.
  await expect(async () => {
    await admin.reload()
    await expect(admin.getByTestId('mail-status')).toHaveAttribute('data-status', 'written', { timeout: 500 })
  }).toPass({ timeout: 20_000 })
  const download = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('mail-download').click()]).then(([d]) => d)
  expect(download.suggestedFilename()).toMatch(/^caixiao-mail-[0-9a-f-]{36}\.eml$/)

  const link = admin.getByTestId('mail-body-link')
  await expect(link).toHaveCount(1)
  const href = (await link.getAttribute('href'))!
  expect(href).toMatch(/\/reset-password\/[A-Za-z0-9_-]+$/)
  // Following the link only shows the form: it does not use the link up.
  await link.click()
  await expect(admin).toHaveURL(href)
  await expect(admin.getByLabel(/^(new password|新密码)$/i)).toBeVisible()
  await adminContext.close()

  await page.goto(href)
  await hydrated(page)
  await page.getByLabel(/^(new password|新密码)$/i).fill(NEW_PASSWORD)
  await page.getByLabel(/repeat the new password|再次输入新密码/i).fill('not-the-same-passphrase')
  await page.getByTestId('reset-submit').click()
  await expect(page.getByTestId('error-confirm')).toBeVisible()
  await page.getByLabel(/repeat the new password|再次输入新密码/i).fill(NEW_PASSWORD)
  await page.getByTestId('reset-submit').click()
  await expect(page).toHaveURL(/\/login$/)
  await expect(page.getByTestId('toast')).toContainText(/sign in with it|请用新密码登录/i)

  await page.getByLabel(/e-mail|电子邮箱/i).fill(USER)
  await page.getByLabel(/^(password|密码)$/i).fill('demo-pass-2026')
  await page.getByRole('button', { name: /sign in|登录/i }).click()
  await expect(page.getByTestId('form-error')).toBeVisible()
  await signInThroughForm(page, USER, NEW_PASSWORD)
  await expect(page).toHaveURL(/\/supplier$/)

  const again = await page.goto(href)
  expect(again?.status()).toBe(410)
  await expect(page.getByTestId('reset-link-invalid')).toBeVisible()
  await page.getByRole('link', { name: /ask for a new link|重新申请链接/i }).click()
  await expect(page).toHaveURL(/\/forgot-password$/)
})
