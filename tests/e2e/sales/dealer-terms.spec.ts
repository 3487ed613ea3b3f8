import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { renderedTexts } from '../text-layout'

// A dealer's tier and currency are chosen from what exists: a tier typed freely (Z) once saved and
// turned the dealer's whole catalog into "price on request".
test("a dealer's tier is chosen among the tiers price lists have, and its currency among the currencies", async ({ page }) => {
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/dealer-terms')
  await hydrated(page)
  await page.getByTestId('edit-terms-DLR-EAST').click()
  await hydrated(page)
  // Chinese runs the dealer's name into the words around it: "上海东方分销有限公司 的交易条件" read as a typo.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('上海东方分销有限公司的交易条件')
  const tier = page.getByTestId('terms-tier-input')
  await expect(tier).toHaveValue('B')
  // The demo tiers, each once; not the exact list, which another test's price list of a new tier would change.
  await expect(tier.locator('option').first()).toHaveText('请选择价格等级')
  for (const name of ['A', 'B', 'C']) await expect(tier.locator('option').filter({ hasText: new RegExp(`^${name}$`) })).toHaveCount(1)
  await expect(page.getByTestId('terms-currency')).toHaveValue('CNY')
})

// A sales owner reads terms and price lists but changes neither: the pages say who does, in his language.
test('a sales owner without the right to change terms is told who changes them, on terms and price lists', async ({ page }) => {
  await signIn(page, 'sales@acme.test')
  await page.goto('/console/dealer-terms')
  await hydrated(page)
  await expect(page.getByTestId('managers-change')).toHaveText(/销售经理或管理员|a sales manager or an administrator/)
  await expect(page.getByTestId('edit-terms-DLR-EAST')).toHaveCount(0)
  await page.goto('/console/price-lists')
  await expect(page.getByTestId('managers-change')).toBeVisible()
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/dealer-terms')
  await expect(page.getByTestId('edit-terms-DLR-EAST')).toBeVisible()
  await expect(page.getByTestId('managers-change')).toHaveCount(0)
})

// A list shortened so its tier's dealers have no price list after a date warns on its page, on the price lists' page and on
// the manager's home, whose count is what its link shows; ending it today is refused on "valid until".
test("a tier's price list ending soon is warned of on the price-list pages and the manager's home; ending it today is refused", async ({ page }) => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const plus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
  await signIn(page, 'sales.manager@acme.test')
  await page.goto('/console/price-lists?q=PL-C-2026')
  await page.getByTestId('price-list-code').filter({ hasText: 'PL-C-2026' }).click()
  await expect(page).toHaveURL(/\/console\/price-lists\/[0-9a-f-]{36}$/)
  const listUrl = page.url()
  await hydrated(page)
  try {
    // Today: South (tier C, CNY) would have no price at all. Refused on the field, nothing saved.
    await page.getByTestId('pl-valid-to').fill(today)
    await page.getByTestId('pl-save').click()
    await expect(page.getByTestId('error-validTo')).toContainText(/tier C|等级 C/)
    await expect(page.getByTestId('coverage-warning')).toHaveCount(0)

    // In 20 days: allowed, and warned of on the list's page, naming the last priced day.
    await page.getByTestId('pl-valid-to').fill(plus(20))
    await page.getByTestId('pl-save').click()
    const warning = page.getByTestId('coverage-warning')
    await expect(warning).toHaveAttribute('data-tier', 'C')
    await expect(warning).toContainText('CNY')
    await expect(warning).toContainText(plus(19).replaceAll('-', '/'))

    // The manager's home queues it; its count is the warnings its link shows.
    await page.goto('/console')
    const tile = page.getByTestId('work-priceCoverageEnding')
    const count = Number(await tile.getByTestId('work-count').textContent())
    expect(count).toBeGreaterThan(0)
    await tile.getByRole('link').click()
    await expect(page).toHaveURL(/\/console\/price-lists\?coverage=ending$/)
    await expect(page.getByTestId('coverage-warning')).toHaveCount(count)
    await expect(page.getByTestId('coverage-warning').filter({ hasText: 'CNY' }).and(page.locator('[data-tier="C"]'))).toBeVisible()
    await expect(page.getByTestId('price-list-code').filter({ hasText: 'PL-C-2026' })).toBeVisible()
    await expect(page.getByTestId('price-list-code').filter({ hasText: 'PL-A-2026' })).toHaveCount(0)

    // The page's own checkbox is that filter: unticked, every list is back; ticked again, only the lists whose coverage ends.
    await hydrated(page)
    const filter = page.getByTestId('coverage-filter')
    await expect(filter.getByTestId('filter-coverage')).toBeChecked()
    await filter.getByTestId('filter-coverage').uncheck()
    await filter.getByRole('button').click()
    await expect(page).toHaveURL(/\/console\/price-lists$/)
    await expect(page.getByTestId('price-list-code').filter({ hasText: 'PL-A-2026' })).toBeVisible()
    await expect(page.getByTestId('price-list-code').filter({ hasText: 'PL-C-2026' })).toBeVisible()
    await filter.getByTestId('filter-coverage').check()
    await filter.getByRole('button').click()
    await expect(page).toHaveURL(/\/console\/price-lists\?coverage=ending$/)
    await expect(page.getByTestId('price-list-code').filter({ hasText: 'PL-A-2026' })).toHaveCount(0)
    await expect(page.getByTestId('price-list-code').filter({ hasText: 'PL-C-2026' })).toBeVisible()
    await expect(page.getByTestId('coverage-warning')).toHaveCount(count)
  } finally {
    // Open-ended again, as the demo has it.
    await page.goto(listUrl)
    await hydrated(page)
    await page.getByTestId('pl-valid-to').fill('')
    await page.getByTestId('pl-save').click()
    await expect(page.getByTestId('coverage-summary')).toBeVisible()
  }
})

// As tables on a phone the dealer terms stood a dealer's name one character to a line (上 / 海 / 东 / 方 …) and the
// price lists their names a character or two a line: both are a card per row, every text whole, the page never panning.
test('on a phone dealer terms and price lists are a card per row, with no text squeezed to a sliver', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, 'sales.manager@acme.test')
  for (const [path, testId, text] of [
    ['/console/dealer-terms', 'dealer-terms-table', '上海东方分销有限公司'],
    ['/console/price-lists', 'price-lists-table', 'PL-A-2026'],
  ] as const) {
    await page.goto(path)
    await hydrated(page)
    const table = page.getByTestId(testId)
    await expect(table.getByText(text)).toBeVisible()
    expect(await table.locator('tbody tr').first().evaluate((el) => getComputedStyle(el).display), path).toBe('grid')
    const texts = await renderedTexts(table.locator('tbody'))
    // Lines of fewer than four characters on average: a column squeezed to a sliver.
    expect(texts.filter((t) => t.lines > 1 && [...t.text].length / t.lines < 4), path).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0)
  }
})
