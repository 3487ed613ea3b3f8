// The buyer's pause and cancellation reach the supplier with the buyer's reason: live in the bid
// room (the pause notice, then the result) and in the bell, as the cancel dialog promises. After the
// cancellation the room shows no final rank, which read as a win.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction, openBidRoom, placeBid } from './portal-support'

test('a pause and a cancellation reach the supplier\'s room and bell with the buyer\'s reason', async ({ browser }) => {
  test.setTimeout(90_000)
  const [buyerCtx, aliceCtx] = await Promise.all([browser.newContext(), browser.newContext()])
  try {
    const [buyer, alice] = await Promise.all([buyerCtx.newPage(), aliceCtx.newPage()])
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test')])
    const title = `Cancel announced ${Date.now()}`
    const id = await createPublishedAuction(buyer, { title, suppliers: ['SUP-BRIGHT'], endIn: 600 })
    await openBidRoom(alice, id)
    await placeBid(alice, '95000')
    await expect(alice.getByTestId('my-rank')).toHaveText('1')
    // Other auctions in this worker's database (other specs') can close meanwhile and ring alice too, so the bell's
    // count only rises; the notices are told apart by this test's own title.
    const unread = async () => ((await alice.getByTestId('bell-count').count()) ? Number(await alice.getByTestId('bell-count').textContent()) : 0)
    const before = await unread()
    const notices = alice.getByTestId('notification-link').filter({ hasText: title })

    // A question is open in the room when the pause's bell notice arrives: its toast is then Radix's topmost
    // layer, which took the Escape meant for the question and left the question open.
    const box = alice.getByTestId('bid-amount')
    await box.fill('50000')
    await box.press('Enter')
    await expect(alice.getByTestId('confirm-large-drop-cancel')).toBeFocused()

    await buyer.goto(`/console/auctions/${id}`)
    await hydrated(buyer)
    await buyer.getByTestId('pause-open').click()
    await buyer.getByTestId('pause-reason').fill('Line 1 drawing is being corrected')
    await buyer.getByTestId('pause-confirm').click()
    await expect(buyer.getByTestId('pause-dialog')).toHaveCount(0)
    // Pushed to the open room, with the reason.
    await expect(alice.getByTestId('pause-reason')).toContainText('Line 1 drawing is being corrected')
    await expect.poll(unread, { timeout: 10_000 }).toBeGreaterThan(before)
    await expect(alice.getByTestId('toast').filter({ hasText: title })).toBeVisible()
    await alice.keyboard.press('Escape')
    await expect(alice.getByTestId('confirm-large-drop')).toHaveCount(0)
    // The bid box it came from is disabled while paused: focus goes to the page's main region, not to <body>.
    await expect(alice.locator('#main')).toBeFocused()
    await alice.getByTestId('bell').click()
    await expect(notices.filter({ hasText: 'Line 1 drawing is being corrected' })).toHaveCount(1, { timeout: 10_000 })
    await alice.keyboard.press('Escape')
    const paused = await unread()
    await buyer.getByTestId('cancel-open').click()
    await buyer.getByTestId('cancel-reason').fill('The requirement was withdrawn by engineering')
    await buyer.getByTestId('cancel-confirm').click()
    await expect(buyer.getByTestId('cancel-dialog')).toHaveCount(0)

    // The room turns to the result: the reason and the time, no final rank.
    await expect(alice.getByTestId('auction-result')).toHaveAttribute('data-outcome', 'cancelled')
    await expect(alice.getByTestId('result-reason')).toContainText('The requirement was withdrawn by engineering')
    await expect(alice.getByTestId('result-cancelled-at')).toBeVisible()
    await expect(alice.getByTestId('auction-result').getByTestId('my-rank')).toHaveCount(0)

    // The bell rang live for each; the cancellation's notice, the newest of this auction's, names the auction and the reason.
    await expect.poll(unread, { timeout: 10_000 }).toBeGreaterThan(paused)
    await alice.getByTestId('bell').click()
    await expect(notices.first()).toContainText('The requirement was withdrawn by engineering')
    await expect(notices.filter({ hasText: 'The requirement was withdrawn by engineering' })).toHaveCount(1)
    await expect(notices.filter({ hasText: 'Line 1 drawing is being corrected' })).toHaveCount(1)
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close()])
  }
})
