// How the auction screens fit the figures and words they show, on a phone (390 px) and a laptop (1280 px), in both
// languages: found by walking the screens as a buyer and suppliers would. A status stood one character per line in
// a list on a phone, the final ranking left a supplier's name a column one character wide, and
// the verification's buttons broke their words.
import { expect, test, type Locator } from '@playwright/test'
import { hydrated, signedIn } from '../support'

const phone = { width: 390, height: 844 }

/** How many lines of text an element's box holds (its height inside padding and border, in lines). */
const lines = (el: Locator) =>
  el.evaluate((e) => {
    const s = getComputedStyle(e)
    const inner = e.getBoundingClientRect().height - ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'].reduce((sum, k) => sum + parseFloat(s[k as 'paddingTop']), 0)
    return Math.round(inner / parseFloat(s.lineHeight))
  })

/** How many lines a table cell's text runs to (the cell itself is as tall as its row). */
const textLines = (el: Locator) =>
  el.evaluate((e) => {
    const tops = new Set<number>()
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const range = document.createRange()
      range.selectNodeContents(n)
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top))
    }
    return tops.size
  })

test('on a phone an auction’s status keeps to one line in the console’s and the supplier’s lists; the final ranking names each supplier on a line or two and its buttons keep their words whole', async ({ browser }) => {
  const buyer = await signedIn(browser, 'buyer@acme.test')
  const alice = await signedIn(browser, 'alice@bright.test')
  try {
    await buyer.page.setViewportSize(phone)
    await buyer.page.goto('/console/auctions')
    await hydrated(buyer.page)
    const statuses = await buyer.page.getByTestId('auction-status').all()
    expect(statuses.length).toBeGreaterThan(2)
    // 已排期 stood as 已 / 排 / 期.
    for (const s of statuses) expect(await lines(s), await s.innerText()).toBe(1)

    await alice.page.setViewportSize(phone)
    await alice.page.goto('/supplier/auctions')
    await hydrated(alice.page)
    const own = await alice.page.getByTestId('auction-status').all()
    expect(own.length).toBeGreaterThan(1)
    for (const s of own) expect(await lines(s), await s.innerText()).toBe(1)

    // The finished demo auction: its final ranking (the table scrolls sideways inside its card; the name does not give way).
    await buyer.page.getByTestId('auction-link').filter({ hasText: /Annual carton supply/ }).click()
    await expect(buyer.page.getByTestId('result-ranking')).toBeVisible()
    const names = await buyer.page.getByTestId('result-supplier').all()
    expect(names.length).toBe(3)
    for (const n of names) {
      // 深圳明亮电子元件有限公司 stood one character a line, 11 lines tall.
      expect(await textLines(n), await n.innerText()).toBeLessThanOrEqual(2)
    }
    for (const id of ['verify-auction', 'download-pdf', 'download-csv-result', 'download-csv']) {
      // 校验 stood as 校 / 验; 结果（CSV） broke before its bracket.
      expect(await lines(buyer.page.getByTestId(id)), id).toBe(1)
    }
  } finally {
    await buyer.ctx.close()
    await alice.ctx.close()
  }
})
