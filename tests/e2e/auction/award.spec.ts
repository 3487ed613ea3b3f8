// The award after the close, from the buyer's results page: to rank 1 it goes as is; to anyone else
// the dialog refuses until a justification is given, and then it is only a proposal that a buyer
// manager confirms in another browser (two people, rules D15): the manager's bell rings, both pages
// follow each other without a reload. Each supplier's room then says whether it won. Two short
// auctions run side by side so one wait for the close covers both paths.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { bidByRequest, createPublishedAuction, expectRoomStatus } from './portal-support'

/** Waits for the close on the buyer's page, reloading while the clock has not yet closed it. */
async function openResults(page: Page, id: string) {
  await expect(async () => {
    await page.goto(`/console/auctions/${id}`)
    await expect(page.getByTestId('auction-page')).toHaveAttribute('data-status', 'closed', { timeout: 2_000 })
  }).toPass({ timeout: 60_000 })
  await hydrated(page)
  await expect(page.getByTestId('result-row')).toHaveCount(2)
}

async function expectOutcome(page: Page, outcome: 'won' | 'lost') {
  await expectRoomStatus(page, 'awarded')
  await expect(page.getByTestId('auction-result')).toHaveAttribute('data-outcome', outcome)
  await expect(page.getByTestId('result-outcome')).toHaveText(outcome === 'won' ? /won this auction|贵公司已中标/ : /awarded to another supplier|已授予其他供应商/)
}

test('the buyer awards rank 1 as is; another rank takes a justification and a manager\'s confirmation; each supplier learns the outcome', async ({ browser }) => {
  test.setTimeout(180_000)
  const [buyerCtx, aliceCtx, bobCtx, managerCtx] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext(), browser.newContext()])
  try {
    const [buyer, alice, bob, manager] = await Promise.all([buyerCtx.newPage(), aliceCtx.newPage(), bobCtx.newPage(), managerCtx.newPage()])
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test'), signIn(bob, 'bob@precision.test'), signIn(manager, 'buyer.manager@acme.test')])
    // No soft close: the auctions end when planned. The bids go by request (the rooms are other
    // specs' subject), so a few seconds of bidding time are plenty.
    const short = { suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'], endIn: 12, softCloseWindowSeconds: 0 }
    const first = await createPublishedAuction(buyer, { ...short, title: `Award rank 1 ${Date.now()}` })
    const second = await createPublishedAuction(buyer, { ...short, title: `Award rank 2 ${Date.now()}`, reserve: '90000.00' })

    // Bob leads both: in each auction Alice bids first (every bid must beat the best), the two
    // auctions side by side.
    const alicePages = [alice, await aliceCtx.newPage()]
    const bobPages = [bob, await bobCtx.newPage()]
    await Promise.all(
      [first, second].map(async (id, i) => {
        await bidByRequest(alicePages[i], id, '96000.00')
        await bidByRequest(bobPages[i], id, '95000.00')
      }),
    )

    // First auction: rank 1 is chosen by default; the award needs nothing more.
    await openResults(buyer, first)
    await buyer.getByTestId('award-open').click()
    const dialog = buyer.getByTestId('award-dialog')
    await expect(dialog.getByTestId('award-rank-1')).toBeChecked()
    await expect(dialog.getByTestId('award-reserve-not-met')).toHaveCount(0)
    await dialog.getByTestId('award-confirm').click()
    await expect(dialog).toHaveCount(0)
    await expect(buyer.getByTestId('auction-page')).toHaveAttribute('data-status', 'awarded')
    await expect(buyer.locator('[data-testid="result-row"][data-rank="1"]').getByTestId('awarded-badge')).toBeVisible()
    await expect(buyer.getByTestId('awarded-badge')).toHaveCount(1)
    await expect(buyer.getByTestId('award-section')).toHaveCount(0)
    await expectOutcome(bobPages[0], 'won')
    await expectOutcome(alicePages[0], 'lost')

    // Second auction: rank 2 without a justification is refused in the dialog, in the buyer's language.
    await openResults(buyer, second)
    await buyer.getByTestId('award-open').click()
    await expect(dialog).toBeVisible()
    // Every bid is above the reserve (90,000): the dialog says so where the award is decided.
    await expect(dialog.getByTestId('award-reserve-not-met')).toHaveText(/reserve was not reached|未达到保留价/)
    await dialog.getByTestId('award-rank-2').check()
    await dialog.getByTestId('award-confirm').click()
    await expect(dialog.getByTestId('award-error')).toHaveText(/other than rank 1 needs a justification|授标给非第一名的供应商时须填写理由/)
    await expect(dialog).toBeVisible()
    await expect(buyer.getByTestId('auction-page')).toHaveAttribute('data-status', 'closed')
    await expect(buyer.getByTestId('awarded-badge')).toHaveCount(0)

    // With one it becomes a proposal: still closed, nobody told but the confirmers.
    const why = 'Rank 1 cannot meet the delivery window; rank 2 holds stock'
    await expect(dialog.getByTestId('award-second-person')).toBeVisible()
    await manager.goto('/console')
    await expect(manager.locator('html')).toHaveAttribute('data-socket', 'connected', { timeout: 15_000 })
    const unread = async () => ((await manager.getByTestId('bell-count').count()) ? Number(await manager.getByTestId('bell-count').textContent()) : 0)
    const managerBefore = await unread()
    await dialog.getByTestId('award-justification').fill(why)
    await dialog.getByTestId('award-confirm').click()
    await expect(dialog).toHaveCount(0)
    await expect(buyer.getByTestId('auction-page')).toHaveAttribute('data-status', 'closed')
    const proposal = buyer.getByTestId('award-proposal')
    await expect(proposal).toHaveAttribute('data-mine', 'true')
    await expect(proposal.getByTestId('award-proposal-justification')).toContainText(why)
    await expect(proposal.getByTestId('confirm-award-open')).toHaveCount(0)
    await expect(buyer.getByTestId('award-open')).toHaveCount(0)
    await expectRoomStatus(alicePages[1], 'closed')

    // The manager's bell rings live and points at the auction; the approval inbox lists it too and
    // leads to the page, where the proposal waits for them.
    await expect(manager.getByTestId('bell-count')).toHaveText(String(managerBefore + 1), { timeout: 10_000 })
    await manager.getByTestId('bell').click()
    await expect(manager.getByTestId('notification-list').getByRole('link', { name: /proposes to award|建议将竞价/ }).first()).toHaveAttribute('href', `/console/auctions/${second}`)
    await manager.goto('/console/approvals')
    await hydrated(manager)
    await manager.locator(`[data-testid="award-inbox-item"][data-auction-id="${second}"]`).getByTestId('award-inbox-open').click()
    await expect(manager).toHaveURL(new RegExp(`/console/auctions/${second}$`))
    await hydrated(manager)
    const theirs = manager.getByTestId('award-proposal')
    await expect(theirs).toHaveAttribute('data-mine', 'false')
    await expect(theirs.getByTestId('award-proposal-summary')).toContainText(/Bright|明亮/)
    await theirs.getByTestId('confirm-award-open').click()
    await manager.getByTestId('confirm-award-dialog').getByTestId('confirm-award-confirm').click()
    await expect(manager.getByTestId('auction-page')).toHaveAttribute('data-status', 'awarded')

    // The buyer's page follows without a reload; the justification is on the record.
    await expect(buyer.getByTestId('auction-page')).toHaveAttribute('data-status', 'awarded', { timeout: 10_000 })
    await expect(buyer.locator('[data-testid="result-row"][data-rank="2"]').getByTestId('awarded-badge')).toBeVisible()
    await expect(buyer.getByTestId('result-ranking')).toContainText(why)
    await expect(buyer.getByTestId('award-proposal')).toHaveCount(0)
    await expectOutcome(alicePages[1], 'won')
    await expectOutcome(bobPages[1], 'lost')
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close(), bobCtx.close(), managerCtx.close()])
  }
})
