import { expect, test, type Page } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { setLocale, wrapped } from '../text-layout'

// The console order list's dealer filter: a searchable picker (combobox) instead of a <select> of
// every dealer, submitting the dealer's code as ?dealer= like before.

/** The dealer codes of the rows on the page. */
const dealerCodes = (page: Page) => page.getByTestId('orders-table').locator('tbody tr td:nth-child(3) .font-mono').allTextContents()

async function apply(page: Page) {
  await page.getByTestId('order-filters').locator('button[type="submit"]').click()
}

test('staff pick a dealer by typing and choosing, with the keyboard or the mouse, and the list follows', async ({ page }) => {
  await signIn(page, 'sales@acme.test')
  await page.goto('/console/orders')
  await hydrated(page)
  // No dealer list in the page any more: dealers are looked up as one types.
  expect(await page.content()).not.toContain('<option value="DLR-')
  const all = new Set(await dealerCodes(page))
  expect(all.size).toBeGreaterThan(1)

  const input = page.getByTestId('filter-dealer')
  const listbox = page.getByTestId('filter-dealer-listbox')
  await expect(input).toHaveAttribute('role', 'combobox')
  await expect(input).toHaveAttribute('aria-expanded', 'false')
  await expect(input).toHaveAttribute('aria-controls', 'filter-dealer-listbox')

  // Keyboard: type part of a name, walk down to the match, choose it with Enter. The answer for the
  // whole name is held back so that the highlight is made on the previous answer's list, as happens
  // on a busy server: the same party arriving again must stay highlighted for Enter to choose it.
  const isFullName = (url: URL) => /^\/console\/dealers\/options(\.data)?$/.test(url.pathname) && url.searchParams.get('q') === 'south'
  let releaseFullName!: () => void
  const fullNameHeld = new Promise<void>((resolve) => (releaseFullName = resolve))
  await page.route(isFullName, async (route) => {
    await fullNameHeld
    await route.continue()
  })
  await input.pressSequentially('sout')
  await expect(input).toHaveAttribute('aria-expanded', 'true')
  await expect(listbox.getByRole('option')).toHaveCount(1)
  await expect(listbox.getByRole('option').first()).toHaveAttribute('data-code', 'DLR-SOUTH')
  const fullNameAnswer = page.waitForResponse((r) => isFullName(new URL(r.url())))
  await input.press('h')
  await input.press('ArrowDown')
  await expect(input).toHaveAttribute('aria-activedescendant', 'filter-dealer-option-0')
  await expect(listbox.getByRole('option').first()).toHaveAttribute('aria-selected', 'true')
  releaseFullName()
  await fullNameAnswer
  await expect(listbox.getByRole('option').first()).not.toHaveClass(/opacity-60/)
  await expect(listbox.getByRole('option').first()).toHaveAttribute('aria-selected', 'true')
  await input.press('Enter')
  await expect(input).toHaveAttribute('aria-expanded', 'false')
  await expect(input).toHaveValue(/^DLR-SOUTH · /)
  await expect(page).toHaveURL(/\/console\/orders$/)
  await apply(page)
  await expect(page).toHaveURL(/[?&]dealer=DLR-SOUTH(&|$)/)
  await expect.poll(async () => new Set(await dealerCodes(page))).toEqual(new Set(['DLR-SOUTH']))

  // A fresh load of the filtered URL shows the dealer in the field.
  await page.reload()
  await hydrated(page)
  await expect(input).toHaveValue(/^DLR-SOUTH · .+/)

  // Mouse: clear, type a code fragment in another case, click the match.
  await page.getByTestId('filter-dealer-clear').click()
  await expect(input).toHaveValue('')
  await expect(input).toBeFocused()
  await input.pressSequentially('dlr-nor')
  await listbox.locator('[data-code="DLR-NORTH"]').click()
  await expect(input).toHaveValue(/^DLR-NORTH · /)
  await apply(page)
  await expect(page).toHaveURL(/[?&]dealer=DLR-NORTH(&|$)/)
  await expect.poll(async () => new Set(await dealerCodes(page))).toEqual(new Set(['DLR-NORTH']))

  // Back and Forward: the field follows the URL's filter, not what was chosen last (it kept DLR-NORTH over a list of DLR-SOUTH).
  await page.goBack()
  await expect(page).toHaveURL(/[?&]dealer=DLR-SOUTH(&|$)/)
  await expect(input).toHaveValue(/^DLR-SOUTH · /)
  await expect.poll(async () => new Set(await dealerCodes(page))).toEqual(new Set(['DLR-SOUTH']))
  await page.goForward()
  await expect(input).toHaveValue(/^DLR-NORTH · /)

  // Nothing matches: the list says so and offers nothing to choose; Escape closes it, a second clears the field.
  await input.fill('')
  await input.pressSequentially('no-such-dealer-zz')
  await expect(listbox.getByRole('option')).toHaveCount(0)
  await expect(page.getByTestId('filter-dealer-empty')).toHaveText(/No dealer matches|没有匹配的经销商/)
  await input.press('Escape')
  await expect(input).toHaveAttribute('aria-expanded', 'false')
  await expect(input).toHaveValue('no-such-dealer-zz')
  await input.press('Escape')
  await expect(input).toHaveValue('')

  // An empty field removes the filter, and empty fields stay out of the URL.
  await apply(page)
  await expect(page).not.toHaveURL(/[?&]dealer=/)
  expect([...new URL(page.url()).searchParams.values()]).not.toContain('')
  await expect.poll(async () => new Set(await dealerCodes(page)).size).toBeGreaterThan(1)
})

test('without JavaScript the dealer field takes a code', async ({ browser }) => {
  const ctx = await browser.newContext()
  await signIn(await ctx.newPage(), 'sales@acme.test')
  const plain = await browser.newContext({ javaScriptEnabled: false })
  await plain.addCookies(await ctx.cookies())
  const page = await plain.newPage()
  await page.goto('/console/orders?dealer=DLR-NORTH')
  // Rendered by the server: the code itself, so submitting the form unchanged keeps the filter.
  await expect(page.getByTestId('filter-dealer')).toHaveValue('DLR-NORTH')
  await page.getByTestId('filter-dealer').fill('DLR-EAST')
  await apply(page)
  await expect(page).toHaveURL(/[?&]dealer=DLR-EAST(&|$)/)
  expect(new Set(await dealerCodes(page))).toEqual(new Set(['DLR-EAST']))
  await ctx.close()
  await plain.close()
})

test('at 1280 px the list search button keeps its label on one line beside the filters, in Chinese; a search keeps focus in its field and Back shows the filter of the URL', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'sales@acme.test')
  await page.goto('/console/orders')
  await hydrated(page)
  const search = page.getByRole('search').locator('button[type="submit"]')
  const field = page.getByRole('search').locator('input[name="q"]')
  await expect(search).toHaveText('搜索')
  const [button, input] = [await search.boundingBox(), await field.boundingBox()]
  // One line of text: no taller than the search field beside it.
  expect(button!.height).toBeLessThanOrEqual(input!.height + 1)
  // Its own search keeps the field as typed and focus in it (the form is drawn anew only when the URL changes otherwise).
  await field.fill('SO-')
  await field.press('Enter')
  await expect(page).toHaveURL(/[?&]q=SO-(&|$)/)
  await expect(field).toBeFocused()
  await expect(field).toHaveValue('SO-')
  // A filter applied, then Back: the select shows the URL's filter (none), not the choice made last.
  await page.getByTestId('filter-status').selectOption('shipped')
  await apply(page)
  await expect(page).toHaveURL(/[?&]status=shipped(&|$)/)
  await page.goBack()
  await expect(page).not.toHaveURL(/status=/)
  await expect(page.getByTestId('filter-status')).toHaveValue('')
  // Forward to the URL its own submission made: drawn anew for that URL too (the submission's mark had outlived it, and the
  // select stayed empty over the shipped orders).
  await page.goForward()
  await expect(page).toHaveURL(/[?&]status=shipped(&|$)/)
  await expect(page.getByTestId('filter-status')).toHaveValue('shipped')
})

// A filter that matched none of a dealer's orders said 暂无订单 ("no orders yet") to a dealer with orders.
test("a dealer's filtered order list that matches nothing says no order matches, not that there are none", async ({ page }) => {
  await signIn(page, 'dave@north.test')
  await page.goto('/dealer/orders')
  await hydrated(page)
  await expect(page.getByTestId('order-row').first()).toBeVisible()
  await page.getByTestId('filter-from').fill('2001-01-01')
  await page.getByTestId('filter-to').fill('2001-01-31')
  await apply(page)
  await expect(page).toHaveURL(/[?&]to=2001-01-31(&|$)/)
  await expect(page.getByTestId('empty-state')).toHaveText('没有符合条件的订单。')
})

// Beside the console's menu at 1280 px the English list wrapped "SO-2026-" / "000010", the placed time and "Awaiting / approval" in its pill.
test("at 1280 px in English the list's order numbers, times and status badges each take one line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'sales@acme.test')
  await setLocale(page, 'en')
  // The language is saved on the user, whom later specs on this server read in Chinese.
  try {
    await page.goto('/console/orders')
    await hydrated(page)
    const table = page.getByTestId('orders-table')
    await expect(table.getByTestId('order-link').first()).toBeVisible()
    const cells = table.locator('[data-testid="order-link"], [data-testid="order-status"], tbody tr td:nth-child(2)')
    expect(await cells.count()).toBeGreaterThan(10)
    const broken: string[] = []
    for (const cell of await cells.all()) broken.push(...(await wrapped(cell)))
    expect(broken).toEqual([])
  } finally {
    await setLocale(page, 'zh-CN')
  }
})

// A range that ends before it starts matches nothing: the lists say why beside the end date, rather than "no order matches"
// alone, which read as a quiet week.
test('an order list whose end date is before its start date says so beside the end date, on the console and the dealer portal', async ({ page }) => {
  for (const [email, path] of [
    ['sales@acme.test', '/console/orders'],
    ['dave@north.test', '/dealer/orders'],
  ] as const) {
    await signIn(page, email)
    // In Chinese whatever another test left the user's language at.
    await setLocale(page, 'zh-CN')
    await page.goto(`${path}?from=2026-03-31&to=2026-03-01`)
    await hydrated(page)
    await expect(page.getByTestId('filter-to-error')).toHaveText('结束日期早于开始日期，不会有符合条件的订单。')
    await expect(page.getByTestId('filter-to')).toHaveAttribute('aria-invalid', 'true')
    // The total is named as the order page and its PDF name it (价税合计), not a bare 金额 beside the lines' 未税金额.
    await expect(page.getByRole('columnheader').filter({ hasText: '价税合计' })).toHaveCount(1)
    await page.getByTestId('filter-to').fill('2026-04-30')
    await apply(page)
    await expect(page).toHaveURL(/[?&]to=2026-04-30(&|$)/)
    await expect(page.getByTestId('filter-to-error')).toHaveCount(0)
  }
})
