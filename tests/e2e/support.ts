import { expect, type Browser, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'demo-pass-2026'

/** Waits until the page has hydrated (the root's first effect marks it), so clicks and typing are handled by the app. */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
}

/**
 * Signs in by sending what the sign-in form sends, then opens the user's home: one page load where
 * the form costs two (the browser's work per load is most of this suite's time). The form itself
 * is tested through the browser by the sign-in tests, which use signInThroughForm.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  // The context's own origin (a cluster test points its contexts at other processes), for the cross-site check.
  const origin = new URL((await page.request.get('/healthz')).url()).origin
  const res = await page.request.post('/login', { form: { email, password, redirectTo: '' }, headers: { Origin: origin }, maxRedirects: 0 })
  expect(res.status(), `sign-in of ${email}`).toBe(302)
  await page.goto(res.headers().location)
  await hydrated(page)
}

/** Signs in through the form, waiting for hydration so the click is handled by the app. */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await hydrated(page)
  await page.getByLabel(/e-mail|电子邮箱/i).fill(email)
  await page.getByLabel(/^(password|密码)$/i).fill(password)
  await page.getByRole('button', { name: /sign in|登录/i }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

export async function signOut(page: Page) {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('sign-out').click()
  await expect(page).toHaveURL(/\/login/)
}

/** A browser context of its own, signed in as this user (one per party in a multi-party test). */
export async function signedIn(browser: Browser, email: string) {
  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await signIn(page, email)
  return { ctx, page }
}

/** A visitor, signed out in a context of its own, asks for a password reset of `email`: a message the mail outbox then lists. */
export async function requestPasswordReset(browser: Browser, email: string) {
  const ctx = await browser.newContext()
  try {
    const visitor = await ctx.newPage()
    await visitor.goto('/forgot-password')
    await hydrated(visitor)
    await visitor.getByLabel(/e-mail|电子邮箱/i).fill(email)
    await visitor.getByTestId('forgot-submit').click()
    await expect(visitor.getByTestId('reset-requested')).toBeVisible()
  } finally {
    await ctx.close()
  }
}
