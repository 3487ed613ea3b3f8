// What a buyer using a screen reader hears on the live monitor (WCAG 4.1.3): the connection line
// speaks only when the connection changes, never per bid; the news region names the new best price
// and its supplier and the extension, and under a burst of bids says it once, with how many came.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { createPublishedAuction, openBidRoom, placeBid } from './portal-support'

/** Records every text each live region of the page takes from now on, as a screen reader would be told. */
async function recordLiveRegions(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __spoken: Record<string, string[]> }
    w.__spoken = {}
    for (const el of document.querySelectorAll('[role="status"], [role="alert"], [aria-live]')) {
      const key = el.getAttribute('data-testid') || el.id || el.getAttribute('role') || '?'
      const list = (w.__spoken[key] = [] as string[])
      new MutationObserver(() => {
        const text = (el.textContent ?? '').trim()
        if (text && list.at(-1) !== text) list.push(text)
      }).observe(el, { childList: true, subtree: true, characterData: true })
    }
  })
}
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: Record<string, string[]> }).__spoken)

test('the monitor announces the new best price, extensions and a pause, coalesced under a burst; the connection line keeps quiet', async ({ browser }) => {
  test.setTimeout(120_000)
  const [buyerCtx, aliceCtx, bobCtx] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()])
  try {
    const [buyer, alice, bob] = await Promise.all([buyerCtx.newPage(), aliceCtx.newPage(), bobCtx.newPage()])
    await Promise.all([signIn(buyer, 'buyer@acme.test'), signIn(alice, 'alice@bright.test'), signIn(bob, 'bob@precision.test')])
    // Every new best is late (the window covers the whole auction), so each one extends the end.
    const id = await createPublishedAuction(buyer, {
      title: `Monitor announcements ${Date.now()}`,
      suppliers: ['SUP-BRIGHT', 'SUP-PRECISION'],
      endIn: 300,
      hardStopIn: 3600,
      softCloseWindowSeconds: 900,
      softCloseExtensionSeconds: 900,
      softCloseTrigger: 'new_best',
      softCloseMaxExtensions: '20',
    })
    await buyer.goto(`/console/auctions/${id}`)
    await hydrated(buyer)
    await expect(buyer.getByTestId('live-monitor')).toHaveAttribute('data-socket', 'joined', { timeout: 15_000 })
    const connection = buyer.getByTestId('monitor-connection')
    await expect(connection).toHaveAttribute('role', 'status')
    await expect(connection).toHaveAttribute('data-phase', 'live')
    await expect(connection).toHaveText(/^(Live|实时连接中)$/)
    const news = buyer.getByTestId('monitor-announcement')
    await expect(news).toHaveAttribute('role', 'status')
    await Promise.all([openBidRoom(alice, id), openBidRoom(bob, id)])
    await recordLiveRegions(buyer)

    // One bid after a quiet spell: said at once, with the supplier and the amount, and the extension.
    await placeBid(alice, '95000')
    await expect(news).toContainText(/95,000\.00/)
    await expect(news).toContainText(/Bright|明亮/)
    await expect(news).toContainText(/Extended|已延时/)

    // A burst: four bids within a few seconds. Not one sentence each: the latest best and the count, once.
    for (const [page, amount] of [[bob, '94000'], [alice, '93000'], [bob, '92000'], [alice, '91000']] as const) {
      await placeBid(page, amount)
      await expect(page.getByTestId('my-bid')).toHaveAttribute('data-amount', `${amount}.00`)
    }
    await expect(buyer.getByTestId('buyer-ladder-row').first()).toHaveAttribute('data-amount', '91000.00')
    await expect(news).toContainText(/91,000\.00/, { timeout: 12_000 })
    await expect(news).toContainText(/Bright|明亮/)
    const said = (await spoken(buyer))['monitor-announcement']
    // 5 bids, at most one announcement per 5 s: the first at once, the burst in one or two more.
    expect(said.length, said.join(' | ')).toBeLessThanOrEqual(3)
    expect(said.at(-1)).toMatch(/(\d) new bids|新到 (\d) 条报价/)
    const counted = said.slice(1).map((s) => Number(/(\d+) new bids|新到 (\d+) 条报价/.exec(s)?.slice(1).find(Boolean) ?? 1))
    expect(counted.reduce((a, b) => a + b, 0)).toBe(4)
    // The connection line never spoke while bids came in, and carries no event number.
    expect((await spoken(buyer))['monitor-connection']).toEqual([])
    await expect(connection).not.toContainText(/#/)

    // The price chart is drawn, but is no unnamed tab stop in role="application"; its table and summary say what it shows.
    const chart = buyer.getByTestId('price-chart')
    await expect(chart.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible()
    await expect(chart.locator('[role="application"], [tabindex]:not([tabindex="-1"])')).toHaveCount(0)
    await expect(chart.locator('.recharts-wrapper > svg.recharts-surface').locator('xpath=ancestor::*[@aria-hidden="true"][1]')).toHaveCount(1)
    await expect(chart.getByTestId('price-chart-point')).toHaveCount(5)
    await expect(chart.getByTestId('price-chart-summary')).toContainText(/91,000\.00/)

    // A pause is news too.
    const origin = new URL(buyer.url()).origin
    const paused = await buyer.request.post(`/console/auctions/${id}`, {
      data: new URLSearchParams({ intent: 'pause', reason: 'Checking a supplier query' }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      maxRedirects: 0,
    })
    expect(paused.status()).toBeLessThan(400)
    await expect(news).toHaveText(/Bidding is paused\.|竞价已暂停。/, { timeout: 12_000 })
  } finally {
    await Promise.all([buyerCtx.close(), aliceCtx.close(), bobCtx.close()])
  }
})
