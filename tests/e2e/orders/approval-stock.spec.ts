// The approval inbox tells a sales manager what approving would reserve now: two waiting orders
// that each fit the stock alone but not together are both marked as wanting the same units, and the
// cards follow a stock change of their product without a reload. An order whose product is withdrawn
// while it waits cannot be approved. AS-4004 is used by no other browser test; its stock is put back
// and the orders placed here are cancelled by their dealer.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { cancelAsDealer, markNoReload, notReloaded, num, placeOrder } from './order-support'

const SKU = 'AS-4004'

/** The warehouse's adjustment of SH-MAIN, from the product's stock page (already open), in a lot of this test's own (AS-4004 is batch-tracked). */
async function adjustShMain(page: Page, quantity: string, reason: string) {
  const form = page.getByTestId('adjust-form')
  await form.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await form.getByTestId('adjust-batch').fill('E2E-CONTEND')
  await form.getByTestId('adjust-quantity').fill(quantity)
  await form.getByTestId('adjust-reason').fill(reason)
  await form.getByTestId('adjust-submit').click()
  await expect(form.getByTestId('adjust-quantity')).toHaveValue('')
}

/** Sets the product's "sold" switch from its console page, as an admin. */
async function setActive(page: Page, productId: string, active: boolean) {
  await page.goto(`/console/products/${productId}`)
  await hydrated(page)
  const status = page.getByTestId('product-status')
  if (/inactive|停用/i.test((await status.textContent()) ?? '') !== active) return
  await page.getByTestId('toggle-active').click()
  await expect(status).toHaveText(active ? /^(active|启用)/i : /inactive|停用/i)
}

test('the approval inbox marks waiting orders that want the same units, follows the stock live, and refuses a withdrawn product', async ({ browser }) => {
  test.setTimeout(90_000)
  const [frank, manager, warehouse, admin] = await Promise.all(['frank@south.test', 'sales.manager@acme.test', 'warehouse@acme.test', 'admin@acme.test'].map((u) => signedIn(browser, u)))
  const orders: string[] = []
  let added = false
  let productId = ''
  try {
    // What Guangzhou South can have of SH-MAIN now (the cart's first warehouse).
    await frank.page.goto(`/dealer/catalog?q=${SKU}`)
    await hydrated(frank.page)
    const available = num(await frank.page.locator(`[data-testid="atp"][data-warehouse="SH-MAIN"] [data-testid="atp-qty"]`).first().textContent())
    expect(available).toBeGreaterThan(1)

    // Guangzhou South is over its credit limit: both orders wait, and hold nothing. Each fits alone; together they do not.
    orders.push(await placeOrder(frank.page, SKU, String(available), `E2E-CONTEND-A-${Date.now()}`))
    const numberA = /SO-\d{4}-\d+/.exec((await frank.page.getByRole('heading', { level: 1 }).textContent()) ?? '')![0]
    orders.push(await placeOrder(frank.page, SKU, '1', `E2E-CONTEND-B-${Date.now()}`))
    const numberB = /SO-\d{4}-\d+/.exec((await frank.page.getByRole('heading', { level: 1 }).textContent()) ?? '')![0]
    await expect(frank.page.getByTestId('order-status')).toHaveAttribute('data-status', 'submitted')

    const inbox = manager.page
    await inbox.goto('/console/approvals')
    await hydrated(inbox)
    await expect(inbox.locator('html')).toHaveAttribute('data-socket', 'connected')
    const card = (number: string) => inbox.locator(`[data-testid="approval"][data-number="${number}"]`)
    for (const [number, other] of [[numberA, '1'], [numberB, String(available)]] as const) {
      await expect(card(number).getByTestId('stock-now-summary')).toHaveAttribute('data-state', 'contended')
      const line = card(number).locator(`[data-testid="stock-now-line"][data-sku="${SKU}"]`)
      await expect(line).toHaveAttribute('data-short', 'no')
      // Named with how many the other waiting order wants (the whole sentence: a bare "1" would match any text with a 1 in it).
      await expect(line.getByTestId('stock-now-contended')).toHaveText(`另有 1 张待审批订单也需要（${Number(other).toLocaleString('zh-CN')}）`)
    }
    await markNoReload(inbox)

    // One more unit in SH-MAIN: both fit together, and the inbox says so without a reload.
    await warehouse.page.goto(`/console/inventory?q=${SKU}&warehouse=SH-MAIN`)
    await hydrated(warehouse.page)
    await warehouse.page.getByTestId('stock-sku').click()
    await expect(warehouse.page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    productId = warehouse.page.url().split('/').pop()!
    await hydrated(warehouse.page)
    await adjustShMain(warehouse.page, '1', 'E2E approval contention')
    added = true
    for (const number of [numberA, numberB]) await expect(card(number).getByTestId('stock-now-summary')).toHaveAttribute('data-state', 'in-stock', { timeout: 10_000 })
    await notReloaded(inbox)

    // Withdrawn while B waits: approving it is refused with the reason, and it stays waiting.
    await setActive(admin.page, productId, false)
    await card(numberB).getByTestId('approve').click()
    await expect(card(numberB).getByRole('alert')).toContainText(SKU)
    await expect(card(numberB).getByRole('alert')).toContainText(/已停售|no longer sold/)
    await frank.page.goto(`/dealer/orders/${orders[1]}`)
    await hydrated(frank.page)
    await expect(frank.page.getByTestId('order-status')).toHaveAttribute('data-status', 'submitted')
  } finally {
    if (productId) await setActive(admin.page, productId, true)
    for (const id of orders) await cancelAsDealer(frank.page, id)
    if (added) await adjustShMain(warehouse.page, '-1', 'E2E approval contention: put back')
    await Promise.all([frank, manager, warehouse, admin].map((s) => s.ctx.close()))
  }
})
