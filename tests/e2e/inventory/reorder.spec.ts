// Reorder point (product spec §9): a buyer sets one for a product in a warehouse; when the warehouse's stock
// goes below it, a requisition is raised on its own, the buyer's page and bell follow live, and the
// requisition names its source. PK-3004 is no other spec's: nothing else moves it.
import { expect, test } from '@playwright/test'
import { hydrated, signedIn } from '../support'
import { live, markNoReload, notReloaded, num } from '../orders/order-support'

// The page writes quantities as the reader's language does (grouped from 1,000).
const qty = (n: number) => new Intl.NumberFormat('zh-CN').format(n)
const warehouseLabels: Record<string, string> = { 'SZ-SOUTH': 'SZ-SOUTH · 深圳南仓', 'SH-MAIN': 'SH-MAIN · 上海总仓' }

test('below the reorder point a requisition is raised for the buyer, live on the product page and the bell', async ({ browser }) => {
  test.setTimeout(90_000)
  const [buyer, clerk] = await Promise.all([signedIn(browser, 'buyer@acme.test'), signedIn(browser, 'warehouse@acme.test')])
  try {
    const page = buyer.page
    await page.goto('/console/inventory?q=PK-3004&warehouse=SZ-SOUTH')
    await hydrated(page)
    await page.getByTestId('stock-sku').click()
    await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
    const productUrl = page.url()
    await live(page)
    // A warehouse where PK-3004 has no rule yet: Shenzhen, or Shanghai when a first attempt on this server (CI retries
    // once on the same one) left Shenzhen its rule and its open requisition, under which no second would be raised.
    await expect(page.getByTestId('reorder-row')).toHaveCount(2)
    const free: string[] = []
    for (const code of ['SZ-SOUTH', 'SH-MAIN']) if (await page.locator(`[data-testid="reorder-row"][data-warehouse="${code}"]`).getByTestId('reorder-none').count()) free.push(code)
    expect(free, 'a warehouse where PK-3004 has no reorder point yet').not.toEqual([])
    const warehouse = free[0]
    const row = page.locator(`[data-testid="reorder-row"][data-warehouse="${warehouse}"]`)
    await expect(row.getByTestId('reorder-requisition')).toHaveCount(0)
    const position = num(await row.getByTestId('stock-position').textContent())
    const net = num(await row.getByTestId('net-stock').textContent())
    expect(position).toBeGreaterThan(20)

    // Set by hand just under today's position, so nothing is raised yet.
    const settings = page.locator(`[data-testid="reorder-settings"][data-warehouse="${warehouse}"]`)
    await settings.getByTestId('reorder-settings-toggle').click()
    await settings.getByTestId('reorder-manual').check()
    await settings.getByTestId('reorder-safety-stock').fill('10')
    await settings.getByTestId('reorder-reorder-point').fill(String(position - 5))
    await settings.getByTestId('reorder-order-up-to').fill(String(position + 45))
    await settings.getByTestId('reorder-submit').click()
    await expect(page.getByTestId('toast').last()).toContainText('补货设置已保存')
    // Every figure of the row with the unit, as net stock has it (it read 200 件 beside a bare 200).
    await expect(row.getByTestId('reorder-point')).toHaveText(`${qty(position - 5)} 件`)
    await expect(row.getByTestId('safety-stock')).toHaveText('10 件')
    await expect(row.getByTestId('reorder-mode')).toHaveText('手工设定')
    await expect(row).toHaveAttribute('data-below', 'no')
    await expect(row.getByTestId('reorder-requisition')).toHaveCount(0)

    await live(page)
    const bellBefore = (await page.getByTestId('bell-count').count()) ? num(await page.getByTestId('bell-count').textContent()) : 0
    await markNoReload(page)

    // The warehouse writes off 10: the position falls below, and the requisition asks for what brings it up to 45 above where it was.
    await clerk.page.goto(productUrl)
    await hydrated(clerk.page)
    const adjust = clerk.page.getByTestId('adjust-form')
    await adjust.getByTestId('adjust-warehouse').selectOption({ label: warehouseLabels[warehouse] })
    await adjust.getByTestId('adjust-quantity').fill('-10')
    await adjust.getByTestId('adjust-reason').fill('Crushed in transit')
    await adjust.getByTestId('adjust-submit').click()
    await expect(clerk.page.getByTestId('toast').last()).toBeVisible()

    const link = row.getByTestId('reorder-requisition')
    await expect(link).toHaveText(/^PR-\d{4}-\d{6}$/, { timeout: 10_000 })
    await expect(row.getByTestId('stock-position')).toHaveText(`${qty(position + 45)} 件`)
    // Short (the net stock under the reorder point), and covered by the requisition on its way.
    await expect(row).toHaveAttribute('data-below', 'yes')
    await expect(row.getByTestId('net-stock')).toContainText(qty(net - 10))
    await expect(page.getByTestId('bell-count')).toHaveText(String(bellBefore + 1), { timeout: 10_000 })
    await notReloaded(page)

    const number = (await link.textContent())!
    await link.click()
    await expect(page).toHaveURL(/\/console\/requisitions\/[0-9a-f-]{36}$/)
    await expect(page.getByTestId('requisition-source')).toHaveText('低于再订货点')
    await expect(page.getByRole('heading', { level: 1 })).toContainText(number)
    await expect(page.locator('[data-testid="requisition-line"][data-sku="PK-3004"]').getByTestId('requisition-qty')).toContainText('55')
  } finally {
    await Promise.all([buyer.ctx.close(), clerk.ctx.close()])
  }
})
