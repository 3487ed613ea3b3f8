import { expect, test, type Locator, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'

const phone = { width: 390, height: 844 }

async function box(locator: Locator) {
  const b = await locator.boundingBox()
  if (!b) throw new Error('not rendered')
  return b
}

/**
 * Every text in the element as rendered: its characters and the lines it takes. Chinese may break
 * between any two characters, so a squeezed column shows as a text of n characters on n lines.
 */
async function renderedTexts(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((root) => {
    const out: Array<{ text: string; lines: number }> = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim()
      if (!text) continue
      const range = document.createRange()
      range.selectNodeContents(n)
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
      if (tops.size) out.push({ text, lines: tops.size })
    }
    return out
  })
}

/** Texts broken into lines of fewer than four characters on average: a column squeezed to a sliver. */
const squeezed = (texts: Array<{ text: string; lines: number }>) => texts.filter((t) => t.lines > 1 && [...t.text].length / t.lines < 4)

const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

test('the report form is a card per row on a phone and a table row on a desktop; 产品 is named once', async ({ page }) => {
  await signIn(page, 'erin@east.test')
  await page.setViewportSize(phone)
  await page.goto('/dealer/channel-stock/new')
  await hydrated(page)
  const line = page.getByTestId('report-line').first()
  const [card, product, onHand, sold] = await Promise.all([box(line), box(line.getByTestId('line-product')), box(line.getByTestId('line-on-hand')), box(line.getByTestId('line-sold'))])
  // The product has the card's width (it was a 25 px arrow), on hand and sold share the line below it.
  expect(product.width).toBeGreaterThan(card.width * 0.8)
  expect(Math.abs(onHand.y - sold.y)).toBeLessThan(2)
  expect(onHand.y).toBeGreaterThanOrEqual(product.y + product.height)
  expect(sold.x).toBeGreaterThan(onHand.x + onHand.width - 1)
  await expect(line.getByText('库存', { exact: true })).toBeVisible()
  await expect(line.getByText('销量', { exact: true })).toBeVisible()
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0)

  // A desktop keeps one line per row under one header.
  await page.setViewportSize({ width: 1366, height: 900 })
  const [p2, h2, s2] = await Promise.all([box(line.getByTestId('line-product')), box(line.getByTestId('line-on-hand')), box(line.getByTestId('line-sold'))])
  expect(Math.abs(p2.y - h2.y)).toBeLessThan(2)
  expect(Math.abs(h2.y - s2.y)).toBeLessThan(2)
  expect(p2.width).toBeGreaterThan(400)
  // The card's labels are left to screen readers (sr-only): the header names the columns.
  expect((await box(line.getByText('库存', { exact: true }))).width).toBeLessThanOrEqual(1)
  const form = page.getByTestId('channel-report-form')
  await expect(form.getByText('产品', { exact: true }).filter({ visible: true })).toHaveCount(1)
})

test('the channel history (scrolling inside its card) and the console’s channel table (a card per row) keep Chinese text whole on a phone', async ({ page }) => {
  await signIn(page, 'erin@east.test')
  await page.setViewportSize(phone)
  await page.goto('/dealer/channel-stock')
  await hydrated(page)
  await expect(page.getByTestId('history-period').first()).toBeVisible()
  const history = await renderedTexts(page, 'channel-history-table')
  expect(history.some((t) => t.text === '演示数据')).toBe(true)
  expect(squeezed(history)).toEqual([])
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0)

  await signIn(page, 'sales.manager@acme.test')
  await page.setViewportSize(phone)
  await page.goto('/console/channel-stock')
  await hydrated(page)
  await expect(page.getByTestId('row-dealer').first()).toBeVisible()
  const table = await renderedTexts(page, 'channel-table')
  expect(squeezed(table)).toEqual([])
  // A dealer's name takes a line or two, not six.
  const dealerLines = await page.getByTestId('row-dealer').first().evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)))
  expect(dealerLines).toBeLessThanOrEqual(2)
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0)
})
