// On a phone an order's lines are a card each, as the cart's are: as a table they scrolled sideways inside
// their card, and 已预留 / 缺货待补 / 已发货 stood off the screen. Each card gives the product, the quantity
// ordered with its unit, the price, the net and every quantity that is not zero, under its label, and the page
// never pans: the dealer's page and the console's, on an order of more drive units than SH-MAIN holds (part
// reserved, part backordered), then again once its backorders are cancelled.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { cancelAsDealer, num, placeSplitOrder } from './order-support'

const phone = { width: 390, height: 844 }
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

/** The line as a card: a grid, each fact whole on the screen under its label; the zero quantities left out. */
async function expectCard(line: Locator, facts: Record<string, string>, zero: string[]) {
  expect(await line.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
  for (const [testId, label] of Object.entries(facts)) {
    const fact = line.getByTestId(testId)
    await expect(fact, testId).toBeVisible()
    const box = (await fact.boundingBox())!
    expect(box.x, testId).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width, testId).toBeLessThanOrEqual(phone.width)
    // The label stands in the fact's own cell, above it.
    const labelled = fact.locator('xpath=..').getByText(label, { exact: true })
    await expect(labelled, testId).toBeVisible()
    expect((await labelled.boundingBox())!.y, testId).toBeLessThan(box.y)
  }
  for (const testId of zero) await expect(line.getByTestId(testId), testId).toBeHidden()
}

test("on a phone an order's lines are a card each, with every quantity that is not zero on screen; the page never pans", async ({ browser }) => {
  test.setTimeout(120_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const manager = await signedIn(browser, 'sales.manager@acme.test')
  let open: string | null = null
  try {
    const { id, line, reserved, backordered } = await placeSplitOrder(dave.page, `E2E-PHONE-${Date.now()}`)
    open = id
    await dave.page.setViewportSize(phone)
    await manager.page.setViewportSize(phone)
    await dave.page.reload()
    await hydrated(dave.page)
    const waiting = { 'line-quantity': '数量', 'line-net': '未税金额', 'line-reserved': '已预留', 'line-backordered': '缺货待补' }
    await expect(line.getByText('AS-4003', { exact: true })).toBeInViewport()
    await expect(line.getByTestId('line-quantity')).toHaveText('13 套')
    await expectCard(line, waiting, ['line-shipped'])
    expect(await pageWidth(dave.page)).toBeLessThanOrEqual(phone.width)
    // As cards nothing scrolls sideways, so the lines' scroller is no tab stop of its own (it was one that did nothing).
    const scroller = dave.page.getByTestId('order-lines').locator('xpath=ancestor::div[@role="region"][1]')
    await expect(scroller).toHaveAttribute('data-scrolls', 'no')
    await expect(scroller).not.toHaveAttribute('tabindex', /.*/)

    await manager.page.goto(`/console/orders/${id}`)
    await hydrated(manager.page)
    const consoleLine = manager.page.locator('[data-testid="order-line"][data-sku="AS-4003"]')
    await expectCard(consoleLine, waiting, ['line-shipped'])
    await expect(consoleLine.getByTestId('line-reserved')).toHaveText(String(reserved))
    await expect(consoleLine.getByTestId('line-backordered')).toHaveText(String(backordered))
    expect(await pageWidth(manager.page)).toBeLessThanOrEqual(phone.width)

    // The dealer drops the wait from its phone: the card shows what is held and what was cancelled, no longer a backorder of 0.
    const form = dave.page.getByTestId('cancel-backorders-form')
    await form.getByTestId('cancel-backorders-reason').fill('Only what you have')
    await form.getByTestId('cancel-backorders-submit').click()
    await expect(dave.page.getByTestId('order-status')).toHaveAttribute('data-status', 'reserved')
    const kept = { 'line-quantity': '数量', 'line-net': '未税金额', 'line-reserved': '已预留', 'line-cancelled': '已取消' }
    await expectCard(line, kept, ['line-backordered', 'line-shipped'])
    await expect(line.getByTestId('line-cancelled')).toHaveText(String(backordered))
    expect(await pageWidth(dave.page)).toBeLessThanOrEqual(phone.width)

    await manager.page.reload()
    await hydrated(manager.page)
    await expectCard(consoleLine, kept, ['line-backordered', 'line-shipped'])
    expect(await pageWidth(manager.page)).toBeLessThanOrEqual(phone.width)

    await cancelAsDealer(dave.page, id)
    open = null
  } finally {
    // The reserved units go back on the shelf for the next spec.
    if (open) await cancelAsDealer(dave.page, open).catch(() => {})
    await Promise.all([dave.ctx.close(), manager.ctx.close()])
  }
})
