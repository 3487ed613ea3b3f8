// What the live pages say must match the live state: the bid form's answer goes once it no longer
// holds (a void, a pause), a large drop is asked about before it is sent (one question, also on a
// first bid, and no refused attempt in the buyer's log), a voided bid is told to its bidder as such,
// amounts in messages read as money, the console's log and rejected attempts read in words, end
// times show their seconds, and the live notices go when the auction closes.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction, openBidRoom, placeBid } from './portal-support'

const SECONDS = /\d{2}:\d{2}:\d{2}/

test('answers and notices follow the live state: voids, refusals, large drops, surrogate refusals, pause and resume', async ({ browser }) => {
  test.setTimeout(150_000)
  const [buyerCtx, aliceCtx, bobCtx] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()])
  try {
    const [buyer, alice, bob] = await Promise.all([buyerCtx.newPage(), aliceCtx.newPage(), bobCtx.newPage()])
    // What Alice's page sends over its socket (listened to before the socket opens).
    const sent: string[] = []
    alice.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.includes('auction:bid') && sent.push(f.payload)))
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test'), signIn(bob, 'bob@precision.test')])
    // Ceiling 100,000, step 100, a drop of more than 20 % asks a second time.
    const id = await createPublishedAuction(buyer, { title: `Live messages ${Date.now()}`, suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'], endIn: 900, softCloseWindowSeconds: 0 })
    await buyer.goto(`/console/auctions/${id}`)
    await hydrated(buyer)
    await expect(buyer.getByTestId('live-monitor')).toHaveAttribute('data-socket', 'joined', { timeout: 15_000 })
    await Promise.all([openBidRoom(alice, id), openBidRoom(bob, id)])

    // A first bid that is also a large drop: one question that says both, before anything is sent.
    await alice.getByTestId('bid-amount').fill('70000')
    await alice.getByTestId('bid-submit').click()
    const dialog = alice.getByTestId('confirm-first-bid')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('confirm-large-drop-text')).toContainText('¥100,000.00')
    await expect(dialog.getByTestId('confirm-large-drop-text')).toContainText('¥80,000.00')
    expect(sent).toHaveLength(0)
    await dialog.getByTestId('confirm-first-bid-confirm').click()
    await expect(alice.getByTestId('my-bid')).toHaveAttribute('data-amount', '70000.00')
    await expect(alice.getByTestId('confirm-large-drop')).toHaveCount(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toContain('"confirm":true')

    await placeBid(bob, '69900') // first bid and a large drop too: the same single question
    await expect(bob.getByTestId('my-bid')).toHaveAttribute('data-amount', '69900.00')
    await alice.getByTestId('bid-amount').fill('69500')
    await alice.getByTestId('bid-submit').click()
    await expect(alice.getByTestId('my-bid')).toHaveAttribute('data-amount', '69500.00')
    await bob.getByTestId('bid-amount').fill('69000')
    await bob.getByTestId('bid-submit').click()
    await expect(bob.getByTestId('my-bid')).toHaveAttribute('data-amount', '69000.00')
    await expect(bob.getByTestId('bid-accepted')).toContainText('¥69,000.00')
    await expect(alice.getByTestId('outbid-alert')).toBeVisible()

    // A refusal states its amount as money, as the panel does beside it.
    await alice.getByTestId('bid-amount').fill('68950')
    await alice.getByTestId('bid-submit').click()
    const aliceError = alice.getByTestId('bid-error')
    await expect(aliceError).toHaveAttribute('data-code', 'MUST_BEAT_BEST')
    await expect(aliceError).toContainText('最高可报 ¥68,900.00')
    await expect(aliceError).not.toContainText('68900.00')

    // The buyer: the refused attempt in words, and no refusal from either large drop.
    await expect(buyer.getByTestId('buyer-ladder-row').first()).toHaveAttribute('data-amount', '69000.00')
    await expect(buyer.getByTestId('rejected-count')).toHaveText('（1）')
    const rejected = buyer.getByTestId('rejected-detail')
    await expect(rejected).toHaveCount(1)
    await expect(rejected).toContainText('¥68,950.00')
    await expect(rejected).toContainText('未低于最优价')
    await expect(rejected).toContainText('¥68,900.00')
    await expect(rejected).not.toContainText('MUST_BEAT_BEST')

    // The buyer voids Bob's leading bid.
    await buyer.getByTestId('void-1-open').click()
    await buyer.getByTestId('void-1-reason').fill('Typing error, confirmed by phone')
    await buyer.getByTestId('void-1-confirm').click()
    await expect(buyer.getByTestId('void-1-dialog')).toHaveCount(0)

    // Alice: the refusal quoted 68,900; the highest acceptable is now 69,400, so the refusal is gone.
    await expect(alice.getByTestId('max-acceptable')).toHaveAttribute('data-amount', '69400.00')
    await expect(aliceError).toHaveCount(0)
    await expect(alice.getByTestId('outbid-alert')).toHaveCount(0)
    // Alice is told of the void too (the rules tell everyone), with her new rank, never whose bid it was.
    const news = alice.getByTestId('others-voided-notice')
    await expect(news).toContainText('采购方作废了一笔报价')
    await expect(news).toContainText('排名从第 2 名变为第 1 名')
    await expect(news).not.toContainText('69,000')
    await expect(bob.getByTestId('others-voided-notice')).toHaveCount(0)
    // Bob: told his own bid was voided (not "outbid"), and the acceptance of that bid is gone.
    const voided = bob.getByTestId('voided-alert')
    await expect(voided).toContainText('¥69,000.00')
    await expect(voided).toContainText('¥69,900.00')
    await expect(bob.getByTestId('outbid-alert')).toHaveCount(0)
    await expect(bob.getByTestId('bid-accepted')).toHaveCount(0)
    await expect(bob.getByTestId('my-rank')).toHaveText('2')

    // The log names the voided bid by supplier and amount.
    const voidRow = buyer.locator('[data-testid="event-log-row"][data-type="bid_voided"]')
    await expect(voidRow.getByTestId('event-log-detail')).toContainText('¥69,000.00')
    await expect(voidRow.getByTestId('event-log-detail')).toContainText('Typing error, confirmed by phone')

    // A surrogate bid refused: the dialog's amount as money.
    const aliceOrg = (await buyer.locator('[data-testid="buyer-ladder-row"][data-amount="69500.00"]').getAttribute('data-org-id'))!
    const sur = `surrogate-${aliceOrg.slice(0, 8)}`
    await buyer.getByTestId(`${sur}-open`).click()
    const surDialog = buyer.getByTestId(`${sur}-dialog`)
    await surDialog.getByTestId('surrogate-amount').fill('69450')
    await surDialog.getByTestId('surrogate-reason').fill('Phoned in')
    await surDialog.getByTestId(`${sur}-confirm`).click()
    await expect(surDialog.getByTestId(`${sur}-error`)).toContainText('¥69,400.00')
    await expect(surDialog.getByTestId(`${sur}-error`)).not.toContainText('69400.00')
    await buyer.keyboard.press('Escape')
    await expect(surDialog).toHaveCount(0)

    // A refusal, then a pause: the refusal no longer holds (nothing can be bid) and goes.
    await alice.getByTestId('bid-amount').fill('69450')
    await alice.getByTestId('bid-submit').click()
    await expect(aliceError).toHaveAttribute('data-code', 'DECREMENT_NOT_MET')
    await buyer.getByTestId('pause-open').click()
    await buyer.getByTestId('pause-reason').fill('Checking the specification')
    await buyer.getByTestId('pause-confirm').click()
    await expect(alice.getByTestId('pause-notice')).toBeVisible()
    await expect(aliceError).toHaveCount(0)
    await hydrated(buyer)
    await buyer.getByTestId('resume-open').click()
    // A resume takes a reason, as the pause did.
    await buyer.getByTestId('resume-reason').fill('Specification confirmed')
    await buyer.getByTestId('resume-confirm').click()
    // The new end, to the second, in the notice, the room and the console.
    await expect(alice.getByTestId('resume-notice')).toContainText(SECONDS)
    await expect(alice.getByTestId('auction-ends-at')).toContainText(SECONDS)
    const endsAt = (await alice.getByTestId('auction-countdown').getAttribute('data-ends-at'))!
    const ss = String(new Date(endsAt).getUTCSeconds()).padStart(2, '0')
    await expect(alice.getByTestId('resume-notice')).toContainText(new RegExp(`\\d{2}:\\d{2}:${ss}`))
    await expect(buyer.getByTestId('auction-schedule')).toContainText(new RegExp(`→ .*\\d{2}:\\d{2}:${ss}`))

    // None of this produced a refused large drop.
    await expect(buyer.getByTestId('rejected-detail')).toHaveCount(3)
    await expect(buyer.getByTestId('rejected-detail').filter({ hasText: /需要确认|Confirmation needed/ })).toHaveCount(0)
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close(), bobCtx.close()])
  }
})

test('a late bid announces the new end to the second, and the live notices go when the auction closes', async ({ browser }) => {
  test.setTimeout(150_000)
  const [buyerCtx, aliceCtx, bobCtx] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()])
  try {
    const [buyer, alice, bob] = await Promise.all([buyerCtx.newPage(), aliceCtx.newPage(), bobCtx.newPage()])
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test'), signIn(bob, 'bob@precision.test')])
    // Every new best bid lands in the window and moves the end to 15 s after it, always later than
    // planned: time enough to read the notice, not long to wait for the close.
    const id = await createPublishedAuction(buyer, {
      title: `Close notices ${Date.now()}`,
      suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'],
      endIn: 15,
      softCloseWindowSeconds: 60,
      softCloseExtensionSeconds: 15,
      hardStopIn: 120,
    })
    await Promise.all([openBidRoom(alice, id), openBidRoom(bob, id)])
    await placeBid(alice, '96000')
    await expect(alice.getByTestId('my-bid')).toHaveAttribute('data-amount', '96000.00')
    await placeBid(bob, '95000')
    await expect(bob.getByTestId('my-rank')).toHaveText('1')

    // Alice: outbid, and the extension with its new end to the second.
    await expect(alice.getByTestId('outbid-alert')).toBeVisible()
    const notice = alice.getByTestId('extension-notice')
    await expect(notice).toBeVisible()
    const endsAt = (await alice.getByTestId('auction-countdown').getAttribute('data-ends-at'))!
    const ss = String(new Date(endsAt).getUTCSeconds()).padStart(2, '0')
    await expect(notice).toContainText(new RegExp(`\\d{2}:\\d{2}:${ss}`))
    await expect(alice.getByTestId('auction-ends-at')).toContainText(new RegExp(`\\d{2}:\\d{2}:${ss}`))

    // The close arrives by push (no reload): the result replaces the live notices.
    await expect(alice.getByTestId('auction-status')).toHaveAttribute('data-status', 'closed', { timeout: 90_000 })
    await expect(alice.getByTestId('auction-result')).toBeVisible()
    await expect(alice.getByTestId('outbid-alert')).toHaveCount(0)
    await expect(alice.getByTestId('extension-notice')).toHaveCount(0)
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close(), bobCtx.close()])
  }
})
