import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

test('the buyer creates an auction from products, invites two suppliers, previews what they will see and publishes it', async ({ page }) => {
  await signIn(page, 'buyer@acme.test')
  await page.goto('/console/auctions')
  await hydrated(page)
  await page.getByTestId('new-auction').click()
  await expect(page.getByTestId('new-auction-page')).toBeVisible()
  await hydrated(page)

  // From products: pick two, the form gets one line each with the product's unit.
  await page.getByTestId('from-products').locator('summary').click()
  // Each product's unit in the buyer's language, in full-width brackets in Chinese: it read (件).
  await expect(page.getByTestId('product-PK-3001').locator('..').getByTestId('product-unit')).toHaveText('（件）')
  await page.getByTestId('product-PK-3001').check()
  await page.getByTestId('product-EL-1001').check()
  await page.getByTestId('use-products').click()
  await expect(page).toHaveURL(/product=.*product=/)
  await expect(page.getByTestId('auction-line')).toHaveCount(2)
  await expect(page.getByTestId('line-description').first()).toHaveValue(/EL-1001/)
  await page.getByTestId('line-quantity').nth(0).fill('5000')
  await page.getByTestId('line-quantity').nth(1).fill('20000')

  await page.getByTestId('auction-title').fill('E2E capacitors and cartons')
  await page.getByTestId('auction-ceiling').fill('80000')
  await page.getByTestId('auction-reserve').fill('70000')
  // From products the last purchase price is left empty: the buyer types what was paid last time, as shown ("82,500").
  await expect(page.getByTestId('auction-last-purchase-price')).toHaveValue('')
  await page.getByTestId('auction-last-purchase-price').fill('82,500')
  await page.getByTestId('participant-SUP-BRIGHT').check()
  await page.getByTestId('participant-SUP-PRECISION').check()

  // The preview is the supplier projection of a sample: it follows the visibility, never the reserve.
  const preview = page.getByTestId('supplier-preview')
  await page.getByTestId('auction-visibility').selectOption('ladder')
  await expect(preview.getByTestId('preview-ladder-row')).toHaveCount(3)
  await expect(preview).not.toContainText('70,000')
  await expect(preview).not.toContainText('82,500')
  await page.getByTestId('auction-visibility').selectOption('rank')
  await expect(preview.getByTestId('preview-ladder-row')).toHaveCount(0)
  await expect(preview.getByTestId('preview-rank')).toHaveText('2')
  // Rank only with "must beat the best": the highest acceptable amount gives the best price away, and the buyer is told so.
  const visibilityHint = page.locator(`[id="${(await page.getByTestId('auction-visibility').getAttribute('aria-describedby'))!}"]`)
  await expect(visibilityHint).toHaveText(/推算出最优价|worked out/)
  await page.getByTestId('auction-must-beat-best').selectOption('off')
  await expect(visibilityHint).not.toHaveText(/推算出最优价|worked out/)
  await page.getByTestId('auction-must-beat-best').selectOption('on')
  await page.getByTestId('auction-visibility').selectOption('best')
  await expect(preview.getByTestId('preview-best')).toContainText('75')

  // A bad setting is refused in place, in the user's language.
  await page.getByTestId('auction-reserve').fill('90000')
  await page.getByTestId('auction-save').click()
  await expect(page.getByTestId('error-reserve')).toBeVisible()
  await page.getByTestId('auction-reserve').fill('70000')

  await page.getByTestId('auction-save').click()
  await expect(page).toHaveURL(/\/console\/auctions\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('auction-page')).toHaveAttribute('data-status', 'draft')
  await expect(page.getByTestId('draft-participant')).toHaveCount(2)
  await expect(page.getByTestId('summary-lines')).toContainText('PK-3001')
  await expect(page.getByTestId('settings-summary')).toContainText('82,500.00')
  await expect(page.getByTestId('supplier-preview')).toHaveAttribute('data-visibility', 'best')
  await hydrated(page)

  await page.getByTestId('publish-open').click()
  await expect(page.getByTestId('publish-dialog')).toBeVisible()
  await page.getByTestId('publish-confirm').click()
  await expect(page.getByTestId('auction-page')).toHaveAttribute('data-status', 'scheduled')
  await expect(page.getByTestId('live-monitor')).toBeVisible()
  await expect(page.getByTestId('auction-countdown')).toHaveAttribute('data-ends-at', /^\d{4}-\d{2}-\d{2}T/)
  await expect(page.getByTestId('participant-row')).toHaveCount(2)
  // Beside the savings against the ceiling: none yet, there is no bid.
  await expect(page.getByTestId('live-savings-last-purchase')).toHaveText('—')
  // After publish only extending, inviting more and cancelling remain.
  await expect(page.getByTestId('edit-auction')).toHaveCount(0)
  await expect(page.getByTestId('extend-open')).toBeVisible()

  // Extending: an earlier end is refused inside the dialog; a later one is taken, in the buyer's zone.
  await page.getByTestId('extend-open').click()
  await page.getByTestId('extend-ends-at').fill('2026-01-01T10:00')
  await page.getByTestId('extend-reason').fill('Suppliers asked for more time')
  await page.getByTestId('extend-confirm').click()
  await expect(page.getByTestId('extend-error')).toBeVisible()
  await page.getByTestId('extend-ends-at').fill('2030-01-01T10:00')
  await page.getByTestId('extend-confirm').click()
  await expect(page.getByTestId('extend-dialog')).toHaveCount(0)
  await expect(page.getByTestId('auction-countdown')).toHaveAttribute('data-ends-at', '2030-01-01T02:00:00.000Z')
  await expect(page.getByTestId('event-log-row').last()).toHaveAttribute('data-type', 'end_extended')

  // The list shows it with its schedule, and the status filter works on the server.
  await page.goto('/console/auctions?status=scheduled')
  await expect(page.getByTestId('auction-link').filter({ hasText: 'E2E capacitors and cartons' })).toHaveCount(1)
  await page.goto('/console/auctions?status=draft')
  await expect(page.getByTestId('auction-link').filter({ hasText: 'E2E capacitors and cartons' })).toHaveCount(0)
})

test('the buyer opens the finished demo auction, verifies it and downloads its PDF and CSV', async ({ page }) => {
  await signIn(page, 'buyer@acme.test')
  await page.goto('/console/auctions?status=awarded')
  await hydrated(page)
  await page.getByTestId('auction-link').filter({ hasText: 'Annual carton supply' }).click()
  await expect(page.getByTestId('auction-results')).toBeVisible()
  await expect(page.getByTestId('result-row')).toHaveCount(3)
  await expect(page.getByTestId('awarded-badge')).toHaveCount(1)
  // Paid 56,800 last time, awarded at 53,500: the savings against the last purchase price beside the ceiling's.
  await expect(page.getByTestId('result-savings-last-purchase')).toHaveText(/3,300\.00（5\.81%）$/)
  await expect(page.getByTestId('event-log-row').first()).toHaveAttribute('data-type', 'published')
  await hydrated(page)

  await page.getByTestId('verify-auction').click()
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true')

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()])
  expect(pdf.suggestedFilename()).toMatch(/^auction-[0-9a-f]{8}-\d{8}-results\.pdf$/)
  const pdfPath = await pdf.path()
  expect(fs.readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-')
  const text = execFileSync('/usr/bin/pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
  for (const s of ['竞价结果', 'Auction result', '纸箱年度采购', '53,500.00', '事件日志', '上次采购价', '56,800.00', '3,300.00（5.81%）']) expect(text, s).toContain(s)
  // The log reads in the buyer's words: amounts as money, no raw decimals, codes or ISO instants.
  expect(text).not.toMatch(/\b53500\.00\b/)
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/)

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/^auction-[0-9a-f]{8}-\d{8}-log\.csv$/)
  const lines = fs.readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  expect(lines[0]).toBe('seq,at_utc,actor,event_type,currency,supplier,amount,reject_code,max_acceptable,large_drop_confirmed,bid_id,previous_ends_at_utc,new_ends_at_utc,extension_no,reason,hash_sha256')
  expect(lines.some((l) => l.includes(',bid_accepted,CNY,') && l.includes(',53500.00,'))).toBe(true)
  expect(lines.at(-1)).toContain('awarded')
})
