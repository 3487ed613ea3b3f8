// A serial-tracked product moved between places through the product page's transfer form: the serial numbers are picked
// from those available where the stock leaves, and go with it (each its own pair of ledger legs, counted on the new place's
// line); a serial number that is not at the source is refused beside the list and nothing moves. The serial numbers are
// this test's own (received first, written off at the end), so it runs again on the same server.
import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'

/** How many serial numbers a place's line counts (0 when the place has no line). */
async function serialsAt(page: Page, warehouse: string, bin: string): Promise<number> {
  // One read of the page (a count, then the attribute, waited forever for a line that a write-off removed in between).
  const line = page.locator(`[data-testid="balance-row"][data-warehouse="${warehouse}"][data-bin="${bin}"][data-serials]`)
  return line.evaluateAll((rows) => Number(rows[0]?.getAttribute('data-serials') ?? 0))
}

/** How many moves the ledger lists in all ("共 1,234 条"). */
const ledgerTotal = async (page: Page) => Number((await page.getByTestId('table-total').textContent())!.replace(/\D/g, ''))

test('serial numbers picked at one place are transferred to another warehouse’s bin; one not at the source is refused', async ({ page }) => {
  test.setTimeout(60_000)
  const stamp = Date.now().toString(36).toUpperCase()
  const prefix = `CX100-E2E-${stamp}-`
  const serials = [`${prefix}1`, `${prefix}2`]
  await signIn(page, 'warehouse@acme.test')

  // AS-4001, controller units, tracked by serial number.
  await page.goto('/console/inventory?q=AS-4001&warehouse=SH-MAIN')
  await hydrated(page)
  await page.getByTestId('stock-sku').first().click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const transfer = page.getByTestId('transfer-form')
  await expect(transfer).toHaveAttribute('data-tracking', 'serial')
  const sourceLine = page.locator('[data-testid="balance-row"][data-warehouse="SH-MAIN"][data-bin=""][data-serials]')
  const targetLine = page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin="S-02"][data-serials]')
  const source = await serialsAt(page, 'SH-MAIN', '')
  const target = await serialsAt(page, 'SZ-SOUTH', 'S-02')

  // Two of this test's own received in Shanghai, without a bin.
  const adjust = page.getByTestId('adjust-form')
  await adjust.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await adjust.getByTestId('adjust-serials').fill(`${serials[0]}..${serials[1]}`)
  await adjust.getByTestId('adjust-quantity').fill('2')
  await adjust.getByTestId('adjust-reason').fill('E2E serial transfer receipt')
  await adjust.getByTestId('adjust-submit').click()
  await expect(sourceLine).toHaveAttribute('data-serials', String(source + 2))
  const moves = await ledgerTotal(page)

  // Picked from those available in Shanghai, found by their first characters, and sent to Shenzhen's bin S-02.
  await transfer.getByTestId('transfer-from-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await transfer.getByTestId('transfer-to-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  await transfer.getByTestId('transfer-to-bin').selectOption({ label: 'S-02' })
  await transfer.getByTestId('transfer-serials-find').fill(prefix)
  const options = transfer.getByTestId('transfer-serial-option')
  await expect(options).toHaveText(serials)
  for (const serial of serials) await transfer.getByRole('button', { name: `将 ${serial} 加入序列号` }).click()
  await expect(transfer.getByTestId('transfer-serials')).toHaveValue(serials.join('\n'))
  await transfer.getByTestId('transfer-quantity').fill('2')
  await transfer.getByTestId('transfer-reason').fill(`E2E serial transfer ${stamp}`)
  await transfer.getByTestId('transfer-submit').click()

  // The balances: Shanghai's line counts them no more, the bin's counts them, and its serial numbers are these two.
  await expect(sourceLine).toHaveAttribute('data-serials', String(source))
  await expect(targetLine).toHaveAttribute('data-serials', String(target + 2))
  await expect(targetLine.getByTestId('balance-on-hand')).toHaveText(String(target + 2))
  await expect(transfer.getByTestId('transfer-serials')).toHaveValue('')
  await targetLine.getByTestId('balance-serials-toggle').click()
  const panel = page.getByTestId('balance-serials')
  await panel.getByLabel('序列号开头为').fill(prefix)
  await expect(panel.getByTestId('balance-serial')).toHaveText(serials)

  // The ledger: each serial number out of Shanghai and into S-02, one unit each, under the transfer's reason.
  await expect.poll(() => ledgerTotal(page)).toBe(moves + 4)
  for (const serial of serials) {
    const legs = page.getByTestId('move-row').filter({ hasText: `E2E serial transfer ${stamp}` }).filter({ has: page.getByTestId('move-batch').getByText(serial, { exact: true }) })
    await expect(legs).toHaveCount(2)
    await expect(legs.filter({ hasText: '调出' }).getByTestId('move-quantity')).toHaveText('-1')
    await expect(legs.filter({ hasText: '调出' })).toContainText('SH-MAIN')
    await expect(legs.filter({ hasText: '调入' }).getByTestId('move-quantity')).toHaveText('+1')
    await expect(legs.filter({ hasText: '调入' })).toContainText('S-02')
  }

  // The first again from Shanghai: it is in S-02 now, so it is refused beside the list, and nothing moves.
  await transfer.getByTestId('transfer-from-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await transfer.getByTestId('transfer-to-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  await transfer.getByTestId('transfer-serials').fill(serials[0])
  await transfer.getByTestId('transfer-quantity').fill('1')
  await transfer.getByTestId('transfer-reason').fill('E2E serial not at the source')
  await transfer.getByTestId('transfer-submit').click()
  await expect(transfer.getByTestId('error-serials')).toHaveText(`以下序列号在此位置不可用：${serials[0]}（不在此处，或已为订单预留）。`)
  await expect.poll(() => ledgerTotal(page)).toBe(moves + 4)
  await expect(sourceLine).toHaveAttribute('data-serials', String(source))
  await expect(targetLine).toHaveAttribute('data-serials', String(target + 2))
  await expect(panel.getByTestId('balance-serial')).toHaveText(serials)

  // Written off again from the bin, so the next run starts where this one did.
  await adjust.getByTestId('adjust-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  await adjust.getByTestId('adjust-bin').selectOption({ label: 'S-02' })
  await adjust.getByTestId('adjust-serials').fill(serials.join('\n'))
  await adjust.getByTestId('adjust-quantity').fill('-2')
  await adjust.getByTestId('adjust-reason').fill('E2E serial transfer undone')
  await adjust.getByTestId('adjust-submit').click()
  await expect.poll(() => serialsAt(page, 'SZ-SOUTH', 'S-02')).toBe(target)
})
