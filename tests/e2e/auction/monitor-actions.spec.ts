// The buyer's corrections on the live monitor: voiding a supplier's bid (with a reason) and placing a
// surrogate bid for a supplier (with a reason). Both land on the buyer's ladder and feed marked as
// such, and on the supplier's own room without a reload.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction, openBidRoom, placeBid } from './portal-support'

test('the buyer voids a bid and bids for a supplier, each with a reason, and every screen marks it', async ({ browser }) => {
  test.setTimeout(120_000)
  const [buyerCtx, aliceCtx, bobCtx] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()])
  try {
    const [buyer, alice, bob] = await Promise.all([buyerCtx.newPage(), aliceCtx.newPage(), bobCtx.newPage()])
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test'), signIn(bob, 'bob@precision.test')])
    const id = await createPublishedAuction(buyer, { title: `Monitor actions ${Date.now()}`, suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'], endIn: 600 })

    await buyer.goto(`/console/auctions/${id}`)
    await hydrated(buyer)
    await expect(buyer.getByTestId('live-monitor')).toHaveAttribute('data-socket', 'joined', { timeout: 15_000 })
    await Promise.all([openBidRoom(alice, id), openBidRoom(bob, id)])

    // Alice bids twice; her second bid leads.
    await placeBid(alice, '95000')
    await expect(alice.getByTestId('my-bid-row')).toHaveCount(1)
    await placeBid(alice, '94000')
    await expect(alice.getByTestId('my-bid-row')).toHaveCount(2)
    const ladder = buyer.getByTestId('buyer-ladder-row')
    await expect(ladder).toHaveCount(1)
    await expect(ladder.first()).toHaveAttribute('data-amount', '94000.00')
    const aliceOrg = (await ladder.first().getAttribute('data-org-id'))!

    // A void needs a reason: the browser keeps the dialog open without one.
    await buyer.getByTestId('void-1-open').click()
    const voidDialog = buyer.getByTestId('void-1-dialog')
    await expect(voidDialog).toBeVisible()
    await voidDialog.getByTestId('void-1-confirm').click()
    await expect(voidDialog).toBeVisible()
    expect(await voidDialog.getByTestId('void-1-reason').evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true)
    await expect(ladder.first()).toHaveAttribute('data-amount', '94000.00')
    await voidDialog.getByTestId('void-1-reason').fill('Supplier phoned: typing error in the amount')
    await voidDialog.getByTestId('void-1-confirm').click()
    await expect(voidDialog).toHaveCount(0)

    // Her previous bid is current again on the ladder; the feed keeps the voided bid, marked.
    await expect(ladder).toHaveCount(1)
    await expect(ladder.first()).toHaveAttribute('data-amount', '95000.00')
    const feed = buyer.getByTestId('bid-feed-row')
    await expect(feed).toHaveCount(2)
    const voidedRow = feed.filter({ hasText: /94,000\.00/ })
    await expect(voidedRow).toContainText(/voided|已作废/)
    await expect(voidedRow).toHaveClass(/line-through/)
    await expect(feed.filter({ hasText: /95,000\.00/ })).not.toContainText(/voided|已作废/)
    await expect(buyer.getByTestId('event-log-row').last()).toHaveAttribute('data-type', 'bid_voided')

    // Alice's own room shows it voided, pushed, and she is back at 95,000.
    const aliceVoided = alice.locator('[data-testid="my-bid-row"][data-amount="94000.00"]')
    await expect(aliceVoided).toContainText(/voided by the buyer|已被采购方作废/)
    await expect(aliceVoided).toHaveClass(/line-through/)
    await expect(alice.getByTestId('my-bid')).toHaveAttribute('data-amount', '95000.00')

    // Bob has not bid yet; the buyer bids for him, with a reason.
    const bobRow = buyer.locator(`[data-testid="participant-row"]:not([data-org-id="${aliceOrg}"])`)
    await expect(bobRow).toHaveCount(1)
    const bobOrg = (await bobRow.getAttribute('data-org-id'))!
    const sur = `surrogate-${bobOrg.slice(0, 8)}`
    await bobRow.getByTestId(`${sur}-open`).click()
    const surDialog = buyer.getByTestId(`${sur}-dialog`)
    await expect(surDialog).toBeVisible()
    await surDialog.getByTestId('surrogate-amount').fill('93,000')
    await surDialog.getByTestId('surrogate-reason').fill('Supplier lost the connection; bid confirmed by phone')
    await surDialog.getByTestId(`${sur}-confirm`).click()
    await expect(surDialog).toHaveCount(0)

    await expect(ladder).toHaveCount(2)
    const top = ladder.first()
    await expect(top).toHaveAttribute('data-org-id', bobOrg)
    await expect(top).toHaveAttribute('data-amount', '93000.00')
    await expect(top.getByTestId('ladder-supplier')).toContainText(/surrogate|代为报价/)
    await expect(ladder.nth(1).getByTestId('ladder-supplier')).not.toContainText(/surrogate|代为报价/)
    await expect(feed).toHaveCount(3)
    await expect(feed.first()).toContainText(/93,000\.00/)
    await expect(feed.first()).toContainText(/surrogate|代为报价/)

    // Bob's room: the bid is his, marked as placed by the buyer; Alice is outranked.
    const bobBid = bob.locator('[data-testid="my-bid-row"][data-amount="93000.00"]')
    await expect(bobBid).toContainText(/placed for you by the buyer|由采购方代为提交/)
    await expect(bob.getByTestId('my-rank')).toHaveText('1')
    await expect(alice.getByTestId('my-rank')).toHaveText('2')
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close(), bobCtx.close()])
  }
})
