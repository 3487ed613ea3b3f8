// Three people, three browsers, one auction: the buyer's live monitor and two suppliers' rooms.
// Bids land on the buyer's ladder and move the rival's rank without a reload, a bid in the soft-close
// window moves the end on every screen, and a refused bid says why and what would be accepted.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction, openBidRoom, placeBid } from './portal-support'

const endsAt = (page: Page) => page.getByTestId('auction-countdown').first().getAttribute('data-ends-at')

test('bids reach the buyer and the rival live, a late bid extends every countdown, a refused bid explains itself', async ({ browser }) => {
  test.setTimeout(120_000)
  const buyerCtx = await browser.newContext()
  const aliceCtx = await browser.newContext()
  const bobCtx = await browser.newContext()
  const buyer = await buyerCtx.newPage()
  const alice = await aliceCtx.newPage()
  const bob = await bobCtx.newPage()
  await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test'), signIn(bob, 'bob@precision.test')])

  // Runs from now for about 90 s; the soft-close window covers the whole of it, so every new best
  // bid is "late" and moves the end to the bid's time + 120 s (never earlier than the end).
  const id = await createPublishedAuction(buyer, {
    title: `Live spec ${Date.now()}`,
    suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'],
    ceiling: '100000.00',
    decrementAmount: '100.00',
    visibility: 'best',
    endIn: 90,
    hardStopIn: 900,
    softCloseWindowSeconds: 120,
    softCloseExtensionSeconds: 120,
    softCloseTrigger: 'new_best',
    softCloseMaxExtensions: '10',
  })

  await buyer.goto(`/console/auctions/${id}`)
  await hydrated(buyer)
  await expect(buyer.getByTestId('auction-countdown')).toBeVisible({ timeout: 15_000 })
  await Promise.all([openBidRoom(alice, id), openBidRoom(bob, id)])

  // Alice's first bid: on the buyer's ladder without a reload.
  await placeBid(alice, '95000')
  await expect(alice.getByTestId('my-rank')).toHaveText('1')
  const ladder = buyer.getByTestId('buyer-ladder-row')
  await expect(ladder).toHaveCount(1)
  await expect(ladder.first()).toHaveAttribute('data-amount', '95000.00')
  await expect(bob.getByTestId('best-price')).toHaveAttribute('data-amount', '95000.00')

  // Every screen agrees on the end before the late bid.
  await expect.poll(async () => new Set([await endsAt(buyer), await endsAt(alice), await endsAt(bob)]).size).toBe(1)
  const before = (await endsAt(alice))!
  const extensionsBefore = Number(await alice.getByTestId('auction-extensions').getAttribute('data-count'))

  // Bob undercuts inside the soft-close window: the buyer sees two rows, Alice drops to rank 2 and
  // is told, and the end moves on all three screens to the same later time.
  await placeBid(bob, '94000')
  await expect(bob.getByTestId('my-rank')).toHaveText('1')
  await expect(ladder).toHaveCount(2)
  await expect(ladder.first()).toHaveAttribute('data-amount', '94000.00')
  await expect(alice.getByTestId('my-rank')).toHaveText('2')
  await expect(alice.getByTestId('outbid-alert')).toBeVisible()
  await expect(alice.getByTestId('outbid-alert')).toHaveAttribute('role', 'alert')
  await expect(alice.getByTestId('best-price')).toHaveAttribute('data-amount', '94000.00')

  for (const page of [buyer, alice, bob]) await expect.poll(() => endsAt(page)).not.toBe(before)
  const after = (await endsAt(alice))!
  expect(Date.parse(after)).toBeGreaterThan(Date.parse(before))
  expect(await endsAt(buyer)).toBe(after)
  expect(await endsAt(bob)).toBe(after)
  await expect(alice.getByTestId('auction-extensions')).toHaveAttribute('data-count', String(extensionsBefore + 1))
  await expect(alice.getByTestId('extension-notice')).toBeVisible()
  await expect(buyer.getByTestId('auction-extensions')).toContainText(String(extensionsBefore + 1))

  // Alice tries to beat Bob by less than the decrement: refused, with the reason and the amount that would do.
  await alice.getByTestId('bid-amount').fill('93950')
  await alice.getByTestId('bid-submit').click()
  const err = alice.getByTestId('bid-error')
  await expect(err).toHaveAttribute('data-code', 'MUST_BEAT_BEST')
  await expect(err).toHaveAttribute('data-max-acceptable', '93900.00')
  await expect(alice.getByTestId('max-acceptable')).toHaveAttribute('data-amount', '93900.00')
  await expect(ladder).toHaveCount(2)
  await expect(ladder.first()).toHaveAttribute('data-amount', '94000.00')

  // The rival's name is on the buyer's screen and nowhere on Alice's.
  const bobName = (await buyer.getByTestId('ladder-supplier').first().innerText()).trim()
  expect(bobName.length).toBeGreaterThan(0)
  expect(await alice.locator('body').innerText()).not.toContain(bobName)

  await Promise.all([buyerCtx.close(), aliceCtx.close(), bobCtx.close()])
})
