// The audit page's "verify again" by keyboard (WCAG 2.4.3, 4.1.3): focus stays on the button while the
// chain is checked and after, a second press while it runs asks nothing more, and the result is said
// by a status that holds the result alone, not the button's name with it.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName)

test('verifying the audit chain again by keyboard keeps focus on the button and announces only the result', async ({ page }) => {
  await signIn(page, 'admin@acme.test')
  await page.goto('/console/audit')
  await hydrated(page)
  const banner = page.getByTestId('chain-banner')
  const verify = page.getByTestId('chain-verify')
  await expect(banner).toHaveAttribute('data-state', 'ok', { timeout: 20_000 })

  // Held for a moment, so the check is seen running; a fast machine would answer before a look at it.
  let asked = 0
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/console\/audit\/verify/, async (route) => {
    asked++
    await held
    await route.continue()
  })

  await verify.focus()
  await page.keyboard.press('Enter')
  await expect(banner).toHaveAttribute('data-state', 'checking')
  await expect(verify).toBeFocused()
  await page.keyboard.press('Enter')
  release()
  await expect(banner).toHaveAttribute('data-state', 'ok', { timeout: 20_000 })
  expect(await activeTestId(page)).toBe('chain-verify')
  expect(asked).toBe(1)

  const status = banner.getByRole('status')
  await expect(status).toContainText(/\d+/)
  await expect(status.getByTestId('chain-verify')).toHaveCount(0)
})
