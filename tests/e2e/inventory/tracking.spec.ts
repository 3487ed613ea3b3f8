// Batch and serial tracking through the stock forms: a batch-tracked product's receipt without its batch is refused beside
// the batch field and changes nothing, with it the lot appears, and once emptied it leaves the balances (shown on
// request); a serial-tracked product is received one serial number per unit (a line each, or a range), counted on its
// place's line, whose serial numbers open below it a page at a time, and which the forms look up at the place chosen.
// What this spec adds in Shenzhen it writes off again, by batch and by serial number.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test('a batch-tracked product is received only with its batch, a serial-tracked one one serial number per unit', async ({ page }) => {
  test.setTimeout(60_000)
  const stamp = Date.now().toString(36).toUpperCase()
  await signIn(page, 'warehouse@acme.test')

  // EL-1001, capacitors, tracked by batch.
  await page.goto('/console/inventory?q=EL-1001&warehouse=SZ-SOUTH')
  await hydrated(page)
  await page.getByTestId('stock-sku').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const adjust = page.getByTestId('adjust-form')
  await expect(adjust).toHaveAttribute('data-tracking', 'batch')
  const moves = await page.getByTestId('table-total').textContent()
  await adjust.getByTestId('adjust-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  // The place's lots are suggested, with what is available of each.
  await expect(page.locator('#adjust-batches option[value="2610-C17"]')).toHaveAttribute('label', /^此处可用 \d+/)
  await adjust.getByTestId('adjust-quantity').fill('10')
  await adjust.getByTestId('adjust-reason').fill('E2E receipt')
  await adjust.getByTestId('adjust-submit').click()
  await expect(adjust.getByTestId('error-batch')).toHaveText('EL-1001 按批次管理：请填写批次号。')
  await expect(adjust.getByTestId('adjust-batch')).toBeFocused()
  await expect(page.getByTestId('table-total')).toHaveText(moves!)

  const lot = `E2E-${stamp}`
  // Taking from a lot this place never held names the lot, under its field (it said "0 available here").
  await adjust.getByTestId('adjust-batch').fill(lot)
  await adjust.getByTestId('adjust-quantity').fill('-1')
  await adjust.getByTestId('adjust-submit').click()
  await expect(adjust.getByTestId('error-batch')).toHaveText(`此处没有批次 ${lot} 的库存：请从列出的批次中选择，或检查库位。`)
  await expect(page.getByTestId('table-total')).toHaveText(moves!)
  await adjust.getByTestId('adjust-quantity').fill('10')
  await adjust.getByTestId('adjust-submit').click()
  const lotRow = page.locator(`[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-batch="${lot}"]`)
  await expect(lotRow.getByTestId('balance-on-hand')).toHaveText('10')
  await expect(page.getByTestId('move-row').first().getByTestId('move-batch')).toHaveText(lot)
  await expect(adjust.getByTestId('adjust-batch')).toHaveValue('')
  // Written off again, from the lot named.
  await adjust.getByTestId('adjust-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  await adjust.getByTestId('adjust-batch').fill(lot)
  await adjust.getByTestId('adjust-quantity').fill('-10')
  await adjust.getByTestId('adjust-reason').fill('E2E receipt undone')
  await adjust.getByTestId('adjust-submit').click()
  // Emptied, the lot leaves the balances; the page offers the emptied lots on request.
  await expect(lotRow).toHaveCount(0)
  await expect(page.getByTestId('balances-emptied')).toHaveText(/^显示 \d+ 个已出清的批次$/)
  await page.getByTestId('balances-emptied').click()
  await expect(lotRow.getByTestId('balance-on-hand')).toHaveText('0')
  await expect(page.getByTestId('balances-emptied')).toHaveText('隐藏已出清的批次')

  // EL-1005, power supplies, tracked by serial number: the form asks for the serial numbers, not a batch.
  await page.goto('/console/inventory?q=EL-1005&warehouse=SZ-SOUTH')
  await hydrated(page)
  await page.getByTestId('stock-sku').click()
  await expect(page).toHaveURL(/\/console\/inventory\/[0-9a-f-]{36}$/)
  await hydrated(page)
  const serialForm = page.getByTestId('adjust-form')
  await expect(serialForm).toHaveAttribute('data-tracking', 'serial')
  await expect(serialForm.getByTestId('adjust-batch')).toHaveCount(0)
  const before = Number((await page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin=""][data-serials]').getAttribute('data-serials')) ?? 0)
  expect(before).toBeGreaterThan(50)
  const prefix = `PSU-E2E-${stamp}-`
  const serials = [`${prefix}1`, `${prefix}2`, `${prefix}3`]
  await serialForm.getByTestId('adjust-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  // Two serial numbers for three units is refused beside the list.
  await serialForm.getByTestId('adjust-serials').fill(`${serials[0]}\n${serials[1]}`)
  await serialForm.getByTestId('adjust-quantity').fill('3')
  await serialForm.getByTestId('adjust-reason').fill('E2E serial receipt')
  await serialForm.getByTestId('adjust-submit').click()
  await expect(serialForm.getByTestId('error-serials')).toHaveText('填写了 2 个序列号，数量却是 3：每件须对应一个序列号。')
  // One per line, or a range: three units, three rows holding one each.
  await serialForm.getByTestId('adjust-serials').fill(`${serials[0]}\n${serials[1]}..${serials[2]}`)
  await serialForm.getByTestId('adjust-submit').click()
  // Shenzhen's line counts them with the others, one unit each; its serial numbers open below it, found by their first characters.
  const south = page.locator('[data-testid="balance-row"][data-warehouse="SZ-SOUTH"][data-bin=""][data-serials]')
  await expect(south).toHaveAttribute('data-serials', String(before + 3))
  await expect(south.getByTestId('balance-on-hand')).toHaveText(String(before + 3))
  await expect(serialForm.getByTestId('adjust-serials')).toHaveValue('')
  const toggle = south.getByTestId('balance-serials-toggle')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const panel = page.getByTestId('balance-serials')
  await expect(panel).toHaveAttribute('id', (await toggle.getAttribute('aria-controls'))!)
  // A page of at most 50 of them, and how many there are.
  await expect(panel.getByTestId('balance-serials-status')).toHaveText(`第 1–${Math.min(50, before + 3)} 个，共 ${before + 3} 个`)
  await expect(panel.getByTestId('balance-serial')).toHaveCount(Math.min(50, before + 3))
  await panel.getByLabel('序列号开头为').fill(prefix.toLowerCase())
  await expect(panel.getByTestId('balance-serials-status')).toHaveText('第 1–3 个，共 3 个')
  await expect(panel.getByTestId('balance-serial')).toHaveText(serials)
  await expect(panel.getByRole('link', { name: `追溯 ${serials[0]}` })).toHaveAttribute('href', new RegExp(`/console/inventory/trace/[0-9a-f-]{36}\\?batch=${serials[0]}$`))

  // The same serial number again is refused: it is in stock already.
  await serialForm.getByTestId('adjust-warehouse').selectOption({ label: 'SH-MAIN · 上海总仓' })
  await serialForm.getByTestId('adjust-serials').fill(serials[0])
  await serialForm.getByTestId('adjust-quantity').fill('1')
  await serialForm.getByTestId('adjust-reason').fill('E2E serial twice')
  await serialForm.getByTestId('adjust-submit').click()
  await expect(serialForm.getByTestId('error-serials')).toContainText(`以下序列号已在库：${serials[0]} (SZ-SOUTH)`)

  // The transfer form names the serial numbers available where the stock leaves: the first few, and how many more.
  const transfer = page.getByTestId('transfer-form')
  await transfer.getByTestId('transfer-from-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  const here = transfer.getByTestId('transfer-serials-here')
  await expect(here).toContainText('此处可用：')
  await expect(here).toContainText(/等（另有 \d+ 个）/)
  await expect(here.getByTestId('transfer-serial-option')).toHaveCount(12)

  // Written off again by serial number, chosen from those the form finds at the place by their first characters.
  await serialForm.getByTestId('adjust-warehouse').selectOption({ label: 'SZ-SOUTH · 深圳南仓' })
  // The refused list is still there: one already listed is offered no more.
  await serialForm.getByTestId('adjust-serials-find').fill(prefix)
  const options = serialForm.getByTestId('adjust-serial-option')
  await expect(options).toHaveText(serials)
  await expect(options.first()).toBeDisabled()
  await serialForm.getByTestId('adjust-serials').fill('')
  // Each added passes the focus to the next still offered; with none left it is on the list, not at the document's start.
  for (const [i, serial] of serials.entries()) {
    await serialForm.getByRole('button', { name: `将 ${serial} 加入序列号` }).click()
    await expect(i + 1 < serials.length ? options.nth(i + 1) : serialForm.getByTestId('adjust-serials')).toBeFocused()
  }
  await expect(serialForm.getByTestId('adjust-serials')).toHaveValue(serials.join('\n'))
  // Each is in the list once: its button is spent (all of them still offered, so the loop checks every one).
  await expect(options).toHaveText(serials)
  for (const option of await options.all()) await expect(option).toBeDisabled()
  await serialForm.getByTestId('adjust-quantity').fill('-3')
  await serialForm.getByTestId('adjust-reason').fill('E2E serial receipt undone')
  await serialForm.getByTestId('adjust-submit').click()
  // Gone from the place: its line counts them no more, and the open list (which follows the page) finds none.
  await expect(south).toHaveAttribute('data-serials', String(before))
  await expect(panel.getByTestId('balance-serials-status')).toHaveText(`此处没有以“${prefix.toLowerCase()}”开头的序列号。`)
  await expect(panel.getByTestId('balance-serial')).toHaveCount(0)

  // On a phone the line is a card and the open list fits the screen: the page never pans.
  await page.setViewportSize({ width: 375, height: 667 })
  expect(await south.evaluate((el) => getComputedStyle(el).display)).toBe('grid')
  await panel.getByLabel('序列号开头为').fill('')
  await expect(panel.getByTestId('balance-serial')).toHaveCount(Math.min(50, before))
  await expect(panel.getByTestId('balance-serials-next')).toBeVisible()
  await panel.getByTestId('balance-serials-next').click()
  await expect(panel.getByTestId('balance-serials-status')).toHaveText(`第 51–${Math.min(100, before)} 个，共 ${before} 个`)
  const box = (await panel.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(375)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  // Back on the first page Previous is gone: the focus goes to Next, not to the document's start.
  await panel.getByTestId('balance-serials-previous').click()
  await expect(panel.getByTestId('balance-serials-status')).toHaveText(`第 1–50 个，共 ${before} 个`)
  await expect(panel.getByTestId('balance-serials-previous')).toHaveCount(0)
  await expect(panel.getByTestId('balance-serials-next')).toBeFocused()
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(panel).toHaveCount(0)
})
