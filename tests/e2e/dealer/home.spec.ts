// The dealer portal's home page: after signing in, a dealer sees its credit standing, its latest
// orders and what is on the way, and a colleague's new order appears there live. And every page of
// the portal fits a phone.
import { expect, test } from '@playwright/test'
import { formatDate } from '~/utils/dates'
import { hydrated, signedIn } from '../support'
import { addToCart, placeOrder } from '../orders/order-support'

test("a dealer's home shows its credit and orders, and a colleague's order arrives live", async ({ browser }) => {
  test.setTimeout(90_000)
  const dave = await signedIn(browser, 'dave@north.test')
  const dora = await signedIn(browser, 'dora@north.test')
  try {
    await dave.page.goto('/dealer')
    await hydrated(dave.page)
    const home = dave.page.getByTestId('dealer-home')
    await expect(home.getByTestId('dealer-credit').getByTestId('credit-summary')).toBeVisible()
    await expect(home.getByTestId('dealer-tile-available')).toContainText('¥')
    // The demo's orders of Beijing North Trading, newest first, each a link to its page.
    const recent = home.getByTestId('recent-orders')
    await expect(recent.getByRole('link').first()).toHaveAttribute('href', /^\/dealer\/orders\/[0-9a-f-]{36}$/)
    await expect(home.getByTestId('sales-contact')).toBeVisible()
    // "All orders" is a link as the home's others are (the shared .link, as the sales contact's): it stood
    // a lighter indigo with no underline, unlike every other link on the page.
    const look = (el: Element) => ({ color: getComputedStyle(el).color, line: getComputedStyle(el).textDecorationLine })
    expect(await home.getByTestId('all-orders-link').evaluate(look)).toEqual(await home.getByTestId('sales-contact').getByRole('link').evaluate(look))
    await expect(dave.page.locator('html')).toHaveAttribute('data-socket', 'connected')
    const open = Number(await home.getByTestId('dealer-tile-open').getByTestId('tile-value').textContent())

    const reference = `E2E-HOME-${Date.now()}`
    const id = await placeOrder(dora.page, 'MT-2002', '2', reference)
    const number = (await dora.page.getByRole('heading', { level: 1 }).textContent())?.match(/SO-[\w-]+/)?.[0]
    expect(number).toBeTruthy()

    // No reload: the order Dora placed shows on Dave's home, counted open, at the top of the list.
    await expect(recent.getByRole('link').first()).toHaveText(number!)
    await expect(recent.getByRole('link').first()).toHaveAttribute('href', `/dealer/orders/${id}`)
    await expect(home.getByTestId('dealer-tile-open').getByTestId('tile-value')).toHaveText(String(open + 1))

    // The open-orders figure opens those orders, as many as it says: it opened the whole list, delivered orders too.
    await home.getByTestId('dealer-tile-open').getByRole('link').click()
    await expect(dave.page).toHaveURL(/\/dealer\/orders\?status=open$/)
    await expect(dave.page.getByTestId('table-total')).toHaveText(new RegExp(`\\b${open + 1}\\b`))
  } finally {
    await Promise.all([dave.ctx.close(), dora.ctx.close()])
  }
})

// Wide tables scroll inside their card; nothing may widen the page itself (a phone would then pan
// the whole portal sideways).
test("the dealer portal's pages fit a phone screen", async ({ browser }) => {
  const dave = await signedIn(browser, 'dave@north.test')
  try {
    await dave.page.setViewportSize({ width: 390, height: 844 })
    // A cart with a line in it, and an order page with its lines, shipments and totals: their wide
    // tables sat in grid columns that grew to the table's width.
    await addToCart(dave.page, 'PK-3001', '5')
    await dave.page.goto('/dealer/orders')
    const order = (await dave.page.getByRole('link', { name: /^SO-/ }).first().getAttribute('href'))!
    for (const path of ['/dealer', '/dealer/catalog', '/dealer/orders', '/dealer/cart', order, '/dealer/channel-stock']) {
      await dave.page.goto(path)
      await hydrated(dave.page)
      if (path === '/dealer/cart') await expect(dave.page.getByTestId('cart-summary')).toHaveAttribute('data-state', 'priced')
      const overflow = await dave.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, path).toBeLessThanOrEqual(0)
    }
    // The credit figure stays on one line inside its card (a negative one broke after its minus sign
    // and ran out of a half-width card).
    await dave.page.goto('/dealer')
    const tile = dave.page.getByTestId('dealer-tile-available')
    const fit = await tile.getByTestId('tile-value').evaluate((el) => {
      const card = el.parentElement!.getBoundingClientRect()
      const value = el.getBoundingClientRect()
      return { inside: value.right <= card.right && value.left >= card.left, lines: Math.round(value.height / parseFloat(getComputedStyle(el).lineHeight)) }
    })
    expect(fit).toEqual({ inside: true, lines: 1 })
    const widths = await dave.page.evaluate(() => [...document.querySelectorAll('[data-testid^="dealer-tile-"]')].map((li) => Math.round(li.getBoundingClientRect().width)))
    expect(widths[0]).toBeGreaterThan(widths[1])

    // The catalog reads as a card per product: its availability and add button once started at x≈628,
    // past a 356 px scroller that gave no hint it scrolled. Now they are on screen, and adding works.
    await dave.page.goto('/dealer/catalog')
    await hydrated(dave.page)
    const row = dave.page.getByTestId('catalog-table').locator('tbody tr', { has: dave.page.getByTestId('add-to-cart-form') }).first()
    const form = row.getByTestId('add-to-cart-form')
    for (const el of [row.getByTestId('atp-total'), row.getByTestId('unit-price'), form.getByTestId('add-to-cart-qty'), form.getByTestId('add-to-cart')]) {
      const box = await el.evaluate((e) => ({ left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right, width: window.innerWidth }))
      expect(box.left).toBeGreaterThanOrEqual(0)
      expect(box.right).toBeLessThanOrEqual(box.width)
    }
    await form.getByTestId('add-to-cart-qty').fill('3')
    await form.getByTestId('add-to-cart').click()
    await expect(form.getByTestId('in-cart')).toContainText(/(Added\.|已加入。).*3/)

    // The cart reads as a card per line too: more than there is, and the shortfall, the price, the
    // quantity and the remove button are all on screen (the availability column was off it, past a
    // scroller).
    await dave.page.goto('/dealer/cart')
    await hydrated(dave.page)
    const line = dave.page.locator('[data-testid="cart-line"][data-sku="PK-3001"]')
    await line.getByTestId('cart-qty').fill('999999')
    await line.getByTestId('cart-qty').press('Enter')
    const warning = line.getByTestId('cart-line-availability')
    await expect(warning).toHaveAttribute('data-backorder', 'yes')
    await expect(warning).toContainText(/999,999|999999/)
    for (const el of [warning, line.getByTestId('cart-qty'), line.getByTestId('cart-line-net'), line.getByTestId('cart-remove')]) {
      await expect(el).toBeVisible()
      const box = await el.evaluate((e) => ({ left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right, width: window.innerWidth }))
      expect(box.left).toBeGreaterThanOrEqual(0)
      expect(box.right).toBeLessThanOrEqual(box.width)
    }
  } finally {
    await dave.ctx.close()
  }
})

test("the console's order page fits a phone screen", async ({ browser }) => {
  const manager = await signedIn(browser, 'sales.manager@acme.test')
  try {
    await manager.page.setViewportSize({ width: 390, height: 844 })
    await manager.page.goto('/console/orders')
    const order = (await manager.page.getByRole('link', { name: /^SO-/ }).first().getAttribute('href'))!
    await manager.page.goto(order)
    await hydrated(manager.page)
    expect(await manager.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
  } finally {
    await manager.ctx.close()
  }
})

/** The host's business day (Asia/Shanghai, as the server reckons it) and the Monday and ISO name of its week. */
function hostWeek() {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  const day = new Date(`${today}T00:00:00Z`)
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000)
  const thursday = new Date(monday.getTime() + 3 * 86_400_000)
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1
  return { today, monday: monday.toISOString().slice(0, 10), label: `Week ${week}, ${year}` }
}

// The demo dealers have reported the current week, so a dealer of its own is made here (through the
// console's invitation, as a real one would be), in a region of its own so the console's channel
// figures per demo region stay as other specs expect them.
test("a dealer that has not reported this week's channel stock is reminded on its home until it reports the week", async ({ browser }) => {
  test.setTimeout(90_000)
  const stamp = Date.now().toString(36).toUpperCase()
  const email = `wes-${stamp.toLowerCase()}@weekly-e2e.test`
  const admin = await signedIn(browser, 'admin@acme.test')
  const dealerCtx = await browser.newContext()
  try {
    await admin.page.goto('/console/dealers/new')
    await hydrated(admin.page)
    const form = admin.page.getByTestId('new-partner-form')
    await form.getByLabel(/^(code|编码)$/i).fill(`DLR-WK-${stamp}`)
    await form.getByLabel(/^(name in chinese|中文名称)$/i).fill(`西部周报商贸 ${stamp}`)
    await form.getByLabel(/^(name in english|英文名称)$/i).fill(`West Weekly Trading ${stamp}`)
    await form.getByLabel(/^(region|区域)$/i).fill('E2E Weekly Region')
    await form.getByLabel(/^(name|姓名)$/i).fill('Wes Weekly')
    await form.getByLabel(/^(e-mail|电子邮箱)$/i).fill(email)
    await form.getByLabel(/^(language|语言)$/i).selectOption('en')
    await admin.page.getByTestId('create-partner').click()
    await expect(admin.page.getByTestId('partner-detail')).toBeVisible()

    // The invitation's link, from the console's outgoing mail (once the mail worker has written it).
    await admin.page.goto(`/console/mail?q=${encodeURIComponent(email)}`)
    await hydrated(admin.page)
    await expect(admin.page.getByTestId('mail-to')).toHaveText([email])
    await admin.page.getByTestId('mail-open').click()
    await expect(admin.page.getByTestId('mail-message')).toBeVisible()
    const link = admin.page.getByTestId('mail-body-link')
    await expect(async () => {
      await admin.page.reload()
      await expect(link).toHaveCount(1, { timeout: 500 })
    }).toPass({ timeout: 20_000 })
    const href = (await link.getAttribute('href'))!
    expect(href).toMatch(/\/invite\/[A-Za-z0-9_-]+$/)

    const wes = await dealerCtx.newPage()
    await wes.goto(href)
    await hydrated(wes)
    await wes.getByLabel(/^(password|密码)$/i).fill('wes-picked-a-passphrase')
    await wes.getByLabel(/^(repeat the password|再次输入密码)$/i).fill('wes-picked-a-passphrase')
    await wes.getByTestId('accept-submit').click()
    await expect(wes).toHaveURL(/\/dealer$/)
    await hydrated(wes)

    // Nothing reported this week: the home says so, for the week of this Monday, with a way to report it.
    const week = hostWeek()
    const reminder = wes.getByTestId('dealer-attention').getByTestId('attention-channel')
    await expect(reminder).toBeVisible()
    await expect(reminder).toContainText(/not reported yet|尚未上报/)
    // Wes reads English: the week's Monday as the app writes every English date.
    await expect(reminder).toContainText(formatDate(`${week.monday}T00:00:00Z`, 'en', 'UTC'))
    await reminder.getByRole('link').click()

    // The link opens the report form on a week's report for today, so for this week.
    await expect(wes).toHaveURL(/\/dealer\/channel-stock\/new$/)
    await hydrated(wes)
    await expect(wes.getByTestId('report-kind')).toHaveValue('week')
    await expect(wes.getByTestId('report-period')).toHaveValue(week.today)
    await expect(wes.getByTestId('period-name')).toContainText(week.label)
    await expect(wes.getByTestId('replacing-note')).toHaveCount(0)
    const row = wes.getByTestId('report-line').nth(0)
    const product = (await row.getByTestId('line-product').locator('option', { hasText: 'EL-1001 ·' }).getAttribute('value'))!
    await row.getByTestId('line-product').selectOption(product)
    await row.getByTestId('line-on-hand').fill('40')
    await row.getByTestId('line-sold').fill('12')
    await wes.getByTestId('report-submit').click()
    await expect(wes).toHaveURL(/\/dealer\/channel-stock\/[0-9a-f-]{36}$/)
    await expect(wes.locator('[data-testid="report-line-row"][data-sku="EL-1001"] [data-testid="line-sold-value"]')).toHaveText('12')

    // Reported: the reminder is gone from the home (and with it the whole block: nothing else is due).
    await wes.goto('/dealer')
    await hydrated(wes)
    await expect(wes.getByTestId('dealer-home')).toBeVisible()
    await expect(wes.getByTestId('attention-channel')).toHaveCount(0)
    await expect(wes.getByTestId('dealer-attention')).toHaveCount(0)
  } finally {
    await Promise.all([admin.ctx.close(), dealerCtx.close()])
  }
})
