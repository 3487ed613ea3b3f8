// Keyboard focus in the bid room and the buyer's dialogs (accessibility audit D1-D3, D12, D16): every
// bid, refused or accepted, leaves focus where the supplier can bid again; the first-bid question gives
// focus back to the bid box however it closes; a refused dialog keeps focus inside and names the field.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction, openBidRoom } from '../auction/portal-support'

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName)

test('bidding by keyboard keeps focus on the bid form; the extend dialog keeps it inside and ties its error to the field', async ({ browser }) => {
  test.setTimeout(120_000)
  const buyerCtx = await browser.newContext()
  const aliceCtx = await browser.newContext()
  const buyer = await buyerCtx.newPage()
  const alice = await aliceCtx.newPage()
  try {
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test')])
    const id = await createPublishedAuction(buyer, { title: `A11y focus ${Date.now()}`, suppliers: ['SUP-BRIGHT'], ceiling: '100000.00', decrementAmount: '100.00', visibility: 'best', endIn: 600 })
    await openBidRoom(alice, id)
    // D2: the first-bid question, cancelled with Escape, gives focus back to the bid box.
    const box = alice.getByTestId('bid-amount')
    await box.focus()
    await alice.keyboard.type('99000')
    await alice.keyboard.press('Enter')
    // Focus inside means the dialog's effects ran, its Escape listener among them: a key pressed in
    // the frame between its paint and those effects reached nothing (the test flaked on it).
    await expect(alice.getByTestId('confirm-first-bid-confirm')).toBeFocused()
    await alice.keyboard.press('Escape')
    await expect(alice.getByTestId('confirm-first-bid')).toHaveCount(0)
    await expect(box).toBeFocused()

    // Confirmed: focus comes back to the bid box too, and stays on the form once the bid is accepted (D1, D2).
    await alice.keyboard.press('Enter')
    await expect(alice.getByTestId('confirm-first-bid-confirm')).toBeFocused()
    await alice.keyboard.press('Enter')
    await expect(alice.getByTestId('bid-accepted')).toBeVisible()
    await expect(box).toBeFocused()
    // D12: said once, by the panel, not again by a toast.
    await expect(alice.getByTestId('toast').filter({ hasText: '99,000' })).toHaveCount(0)

    // A large drop's question starts on Cancel: Enter, Enter (the key that sent it, once more) places nothing.
    await box.fill('50000')
    await alice.keyboard.press('Enter')
    await expect(alice.getByTestId('confirm-large-drop-cancel')).toBeFocused()
    await alice.keyboard.press('Enter')
    await expect(alice.getByTestId('confirm-large-drop')).toHaveCount(0)
    await expect(box).toBeFocused()
    await expect(alice.getByTestId('my-bid')).toHaveAttribute('data-amount', '99000.00')

    // D1: a refused bid sent from the button leaves focus on it; D16: the hint is still read with the error.
    await box.fill('150000')
    await alice.getByTestId('bid-submit').focus()
    await alice.keyboard.press('Enter')
    await expect(alice.getByTestId('bid-error')).toBeVisible()
    expect(await activeTestId(alice)).toBe('bid-submit')
    await expect(box).toHaveAttribute('aria-describedby', 'bid-error bid-hint')

    // D1, D3: the buyer's extend dialog refuses an earlier end; focus stays in the dialog, the field says why.
    await buyer.goto(`/console/auctions/${id}`)
    await hydrated(buyer)
    await buyer.getByTestId('extend-open').click()
    await buyer.getByTestId('extend-ends-at').fill('2026-01-01T10:00')
    await buyer.getByTestId('extend-reason').fill('Suppliers asked for more time')
    await buyer.getByTestId('extend-confirm').focus()
    await buyer.keyboard.press('Enter')
    await expect(buyer.getByTestId('extend-error')).toBeVisible()
    await expect(buyer.getByTestId('extend-confirm')).toBeFocused()
    const field = buyer.getByTestId('extend-ends-at')
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    const describedBy = (await field.getAttribute('aria-describedby'))!
    await expect(buyer.locator(`[id="${describedBy}"]`)).toHaveText(/结束时间|end/)
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close()])
  }
})
