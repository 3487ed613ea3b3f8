// A high-value form carries the session's action token. A page opened under an earlier session
// (the user signed out and in again in another tab) holds that session's token: its form is
// refused with a message to reload, nothing is done, and after a reload the same form works.
import { expect, test, type Route } from '@playwright/test'
import { createPublishedAuction } from '../auction/portal-support'
import { hydrated, signIn, signOut } from '../support'

test('a form from a page of an earlier session is refused with a message to reload; reloaded, it works', async ({ browser }) => {
  const buyerCtx = await browser.newContext()
  const aliceCtx = await browser.newContext()
  try {
    const buyer = await buyerCtx.newPage()
    await signIn(buyer, 'buyer@acme.test')
    const id = await createPublishedAuction(buyer, { title: `Action token ${Date.now()}`, suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'], endIn: 600 })

    const room = await aliceCtx.newPage()
    await signIn(room, 'alice@bright.test')
    await room.goto(`/supplier/auctions/${id}`)
    await hydrated(room)
    await expect(room.getByTestId('accept-terms')).toBeVisible()

    // The room refetches its data while its socket is down (signing out closes it): held back here,
    // so the page keeps the state it had, as a page opened before the new sign-in does.
    const held: Route[] = []
    await room.route('**/*.data*', (route) => (route.request().method() === 'GET' ? void held.push(route) : route.continue()))

    // Another tab of the same browser: signed out and in again, a new session.
    const other = await aliceCtx.newPage()
    await other.goto('/supplier')
    await hydrated(other)
    await signOut(other)
    await signIn(other, 'alice@bright.test')

    await room.getByTestId('accept-terms').click()
    await expect(room.getByTestId('accept-terms-error')).toHaveText(/out of date|已过期/)
    await expect(room.getByTestId('bid-panel')).toHaveCount(0)

    await room.unroute('**/*.data*')
    for (const r of held) await r.abort().catch(() => {})
    await room.reload()
    await hydrated(room)
    await room.getByTestId('accept-terms').click()
    await expect(room.getByTestId('bid-panel')).toBeVisible()
  } finally {
    await buyerCtx.close()
    await aliceCtx.close()
  }
})
