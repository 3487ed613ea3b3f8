// The supplier's auction list follows the buyer's pause and resume without a reload: the server
// announces the change to the invited organizations and the list refetches its own loader, well
// before its 30-second idle refresh would.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction } from './portal-support'

/** Within this the row must follow; the list's idle refresh comes only after 30 s. */
const LIVE_MS = 8_000

async function buyerAction(buyer: Page, intent: 'pause' | 'resume', reason?: string) {
  await buyer.getByTestId(`${intent}-open`).click()
  const dialog = buyer.getByTestId(`${intent}-dialog`)
  await expect(dialog).toBeVisible()
  if (reason) await dialog.getByTestId(`${intent}-reason`).fill(reason)
  await dialog.getByTestId(`${intent}-confirm`).click()
  await expect(dialog).toHaveCount(0)
}

test('an open supplier auction list shows the buyer\'s pause and resume without a reload', async ({ browser }) => {
  test.setTimeout(90_000)
  const [buyerCtx, aliceCtx] = await Promise.all([browser.newContext(), browser.newContext()])
  try {
    const [buyer, alice] = await Promise.all([buyerCtx.newPage(), aliceCtx.newPage()])
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test')])
    const id = await createPublishedAuction(buyer, { title: `List live ${Date.now()}`, suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'], endIn: 900 })

    await alice.goto('/supplier/auctions')
    await hydrated(alice)
    await expect(alice.locator('html')).toHaveAttribute('data-socket', 'connected', { timeout: 15_000 })
    const status = alice.locator(`[data-testid="auction-row"][data-auction-id="${id}"]`).getByTestId('auction-status')
    // Started by the clock a moment after it was published (the start is announced as well).
    await expect(status).toHaveAttribute('data-status', 'running', { timeout: LIVE_MS })
    // A full reload would drop this mark.
    await alice.evaluate(() => ((window as any).__listMark = 'kept'))

    await buyer.goto(`/console/auctions/${id}`)
    await hydrated(buyer)
    await expect(buyer.getByTestId('auction-page')).toHaveAttribute('data-status', 'running', { timeout: 10_000 })

    await buyerAction(buyer, 'pause', 'Checking a drawing revision with engineering')
    await expect(buyer.getByTestId('auction-page')).toHaveAttribute('data-status', 'paused')
    await expect(status).toHaveAttribute('data-status', 'paused', { timeout: LIVE_MS })
    await expect(status).toHaveText(/paused|暂停/i)
    await expect(alice.getByTestId('auctions-live').locator(`[data-auction-id="${id}"]`)).toBeVisible()

    await buyerAction(buyer, 'resume', 'The drawing revision is confirmed')
    await expect(buyer.getByTestId('auction-page')).toHaveAttribute('data-status', 'running')
    await expect(status).toHaveAttribute('data-status', 'running', { timeout: LIVE_MS })

    expect(await alice.evaluate(() => (window as any).__listMark)).toBe('kept')
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close()])
  }
})
