import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'
import { addToCart } from './order-support'

// What a dealer types as a quantity is what gets ordered, or nothing is: a quantity that is not
// one blocks the order with a message (it once went in at the earlier quantity), grouping
// separators are read as meant, and a change made by the very click on "Place order" is priced
// and shown before the order can go.
test('the cart refuses a quantity that is not one, reads 1,000 as meant, and prices a change before ordering it', async ({ page }) => {
  await signIn(page, 'dora@north.test')
  await addToCart(page, 'PK-3001', '10')
  await page.goto('/dealer/cart')
  await hydrated(page)
  const summary = page.getByTestId('cart-summary')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  const line = page.locator('[data-testid="cart-line"][data-sku="PK-3001"]')
  const qty = line.getByTestId('cart-qty')
  const place = page.getByTestId('place-order')

  // PK-3001 is counted: what it wants is a whole number.
  await qty.fill('abc')
  await qty.press('Tab')
  await expect(line.getByTestId('cart-line-error')).toHaveText('请输入 1 或以上的整数。')
  await expect(place).toBeDisabled()

  await qty.fill('1,000')
  await qty.press('Tab')
  await expect(qty).toHaveValue('1,000')
  await expect(line.getByTestId('cart-line-error')).toHaveCount(0)
  await expect(summary).toHaveAttribute('data-state', 'priced')
  await expect(line.getByTestId('cart-line-availability')).toContainText('1,000')

  // Typed and clicked at once: the click's own blur commits 25; the order waits for its price.
  await page.getByTestId('cart-reference').fill('E2E-QTY')
  await qty.fill('25')
  await place.click()
  await expect(page.getByTestId('cart-recheck')).toBeVisible()
  await expect(page).toHaveURL(/\/dealer\/cart$/)
  await expect(summary).toHaveAttribute('data-state', 'priced')
  await place.click()
  await expect(page).toHaveURL(/\/dealer\/orders\/[0-9a-f-]{36}$/)
  await expect(page.locator('[data-testid="order-line"][data-sku="PK-3001"]').getByTestId('line-quantity')).toContainText('25')
})

// Pieces are counted: a fraction of one is refused where it is typed (catalog and cart), by the
// same rule the server applies on submission; steel sheet is weighed and takes one.
test('a fraction of a counted product is refused in the catalog and the cart; a weighed product takes one', async ({ page }) => {
  await signIn(page, 'dora@north.test')
  await page.goto('/dealer/catalog?q=PK-3002')
  await hydrated(page)
  const add = page.locator('[data-testid="add-to-cart-form"][data-sku="PK-3002"]')
  await add.getByTestId('add-to-cart-qty').fill('1.5')
  await expect(add.getByTestId('add-to-cart-error')).toHaveText('PK-3002 按整数计量：请输入整数。')
  await expect(add.getByTestId('add-to-cart')).toBeDisabled()
  await add.getByTestId('add-to-cart-qty').fill('20')
  await expect(add.getByTestId('add-to-cart-error')).toHaveCount(0)
  await add.getByTestId('add-to-cart').click()
  await addToCart(page, 'MT-2004', '2.5')

  await page.goto('/dealer/cart')
  await hydrated(page)
  const summary = page.getByTestId('cart-summary')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  const line = page.locator('[data-testid="cart-line"][data-sku="PK-3002"]')
  await line.getByTestId('cart-qty').fill('20.5')
  await line.getByTestId('cart-qty').press('Tab')
  await expect(line.getByTestId('cart-line-error')).toHaveText('PK-3002 按整数计量：请输入整数。')
  await expect(page.getByTestId('place-order')).toBeDisabled()
  await expect(page.locator('[data-testid="cart-line"][data-sku="MT-2004"]').getByTestId('cart-line-error')).toHaveCount(0)
})

// The catalog takes what an order takes, by the order's own rule, and says why it refuses anything else;
// a cart that holds a quantity no order takes (kept from before) still names and prices its other lines.
test('the catalog refuses what an order would, saying why; the cart names every line and tells the bad one what is wrong', async ({ page }) => {
  await signIn(page, 'dora@north.test')
  await page.goto('/dealer/catalog?q=PK-3002')
  await hydrated(page)
  const add = page.locator('[data-testid="add-to-cart-form"][data-sku="PK-3002"]')
  const qty = add.getByTestId('add-to-cart-qty')
  const error = add.getByTestId('add-to-cart-error')
  const said = async (typed: string, message: string) => {
    await qty.fill(typed)
    await expect(error, typed).toHaveText(message)
    await expect(add.getByTestId('add-to-cart'), typed).toBeDisabled()
    await expect(qty, typed).toHaveAttribute('aria-invalid', 'true')
    await expect(qty, typed).toHaveAttribute('aria-describedby', (await error.getAttribute('id'))!)
  }
  await said('99999999999', '数值过大，最大为 9,999,999,999。')
  for (const typed of ['0', '-1', 'abc', '1e3']) await said(typed, '请输入 1 或以上的整数。')
  await qty.fill('20')
  await expect(error).toHaveCount(0)
  await expect(qty).not.toHaveAttribute('aria-describedby')
  await add.getByTestId('add-to-cart').click()
  await expect(add.getByTestId('in-cart')).toContainText('20')
  // The note beside it no longer squeezes the button onto several lines (it did from about 1100 px down).
  await page.setViewportSize({ width: 1100, height: 800 })
  const button = await add.getByTestId('add-to-cart').evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight), padding: parseFloat(getComputedStyle(el).paddingTop) + parseFloat(getComputedStyle(el).paddingBottom) }))
  expect(button.height).toBeLessThan(button.padding + 2 * button.line)

  await page.goto('/dealer/catalog?q=MT-2004')
  await hydrated(page)
  const weighed = page.locator('[data-testid="add-to-cart-form"][data-sku="MT-2004"]')
  await weighed.getByTestId('add-to-cart-qty').fill('0')
  await expect(weighed.getByTestId('add-to-cart-error')).toHaveText('请输入数量，例如 25 或 2.5。')
  await weighed.getByTestId('add-to-cart-qty').fill('2.5')
  await weighed.getByTestId('add-to-cart').click()

  // A cart stored before the catalog read quantities by the order's rule.
  await page.evaluate(() => {
    const key = 'caixiao:cart:dora@north.test'
    const cart = JSON.parse(localStorage.getItem(key)!)
    cart.lines[0].quantity = '99999999999'
    localStorage.setItem(key, JSON.stringify(cart))
  })
  await page.goto('/dealer/cart')
  await hydrated(page)
  const summary = page.getByTestId('cart-summary')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  const bad = page.locator('[data-testid="cart-line"][data-sku="PK-3002"]')
  const good = page.locator('[data-testid="cart-line"][data-sku="MT-2004"]')
  await expect(bad.getByTestId('cart-line-error')).toHaveText('数值过大，最大为 9,999,999,999。')
  await expect(good.getByTestId('cart-line-error')).toHaveCount(0)
  // The amount itself: the net cell also holds the phone card's "小计" label, so the cell's text is never just "—".
  await expect(good.getByTestId('cart-line-amount')).not.toHaveText('—')
  await expect(page.getByTestId('cart-excluded')).toBeVisible()
  await expect(page.getByTestId('place-order')).toBeDisabled()

  // A counted product wants a whole number of 1 or more: one message, not two that disagree.
  const badQty = bad.getByTestId('cart-qty')
  for (const typed of ['0', '-1']) {
    await badQty.fill(typed)
    await badQty.press('Tab')
    await expect(bad.getByTestId('cart-line-error'), typed).toHaveText('请输入 1 或以上的整数。')
  }
  const goodQty = good.getByTestId('cart-qty')
  await goodQty.fill('0')
  await goodQty.press('Tab')
  await expect(good.getByTestId('cart-line-error')).toHaveText('请输入数量，例如 25 或 2.5。')

  await goodQty.fill('2.5')
  await goodQty.press('Tab')
  await badQty.fill('20')
  await badQty.press('Tab')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  await expect(page.getByTestId('cart-line-error')).toHaveCount(0)
  await expect(page.getByTestId('place-order')).toBeEnabled()
})

// Every quantity the cart cannot order is shown one way: its message, no price or net, the unit kept, totals that
// wait for it and no order; a fraction of a counted product gets one message whether typed with "," or ".".
test('an invalid quantity blanks its line and the totals, whatever was typed, with one message per mistake', async ({ page }) => {
  await signIn(page, 'dora@north.test')
  await addToCart(page, 'AS-4002', '10')
  await addToCart(page, 'MT-2004', '2.5')
  await page.goto('/dealer/cart')
  await hydrated(page)
  const summary = page.getByTestId('cart-summary')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  const line = page.locator('[data-testid="cart-line"][data-sku="AS-4002"]')
  const qty = line.getByTestId('cart-qty')
  const place = page.getByTestId('place-order')
  const whole = 'AS-4002 按整数计量：请输入整数。'
  for (const [typed, message] of [['2,5', whole], ['1.5', whole], ['0', '请输入 1 或以上的整数。'], ['', '请输入 1 或以上的整数。']]) {
    await qty.fill(typed)
    await qty.press('Tab')
    await expect(line.getByTestId('cart-line-error'), typed).toHaveText(message)
    await expect(line.getByTestId('cart-line-price'), typed).toHaveText('—')
    await expect(line.getByTestId('cart-line-amount'), typed).toHaveText('—')
    await expect(line.getByTestId('cart-line-unit'), typed).toHaveText('套')
    await expect(summary, typed).toHaveAttribute('data-state', 'invalid')
    await expect(page.getByTestId('cart-total'), typed).toHaveText('—')
    await expect(page.getByTestId('cart-draft-invalid'), typed).toHaveText('1 行数量无效：更正后才显示合计并可下单。')
    await expect(place, typed).toBeDisabled()
  }

  // A weighed product takes a fraction, written as the app writes numbers.
  const weighed = page.locator('[data-testid="cart-line"][data-sku="MT-2004"]')
  await weighed.getByTestId('cart-qty').fill('2,5')
  await weighed.getByTestId('cart-qty').press('Tab')
  await expect(weighed.getByTestId('cart-line-error')).toHaveText('“2,5”不是有效的数字：小数请用小数点，写作 2.5（逗号用于千位分隔，如 1,000）。')
  await expect(weighed.getByTestId('cart-line-amount')).toHaveText('—')
  await expect(page.getByTestId('cart-draft-invalid')).toHaveText('2 行数量无效：更正后才显示合计并可下单。')

  await weighed.getByTestId('cart-qty').fill('2.5')
  await weighed.getByTestId('cart-qty').press('Tab')
  await qty.fill('12')
  await qty.press('Tab')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  await expect(page.getByTestId('cart-line-error')).toHaveCount(0)
  await expect(line.getByTestId('cart-line-amount')).not.toHaveText('—')
  await expect(page.getByTestId('cart-total')).not.toHaveText('—')
  await expect(place).toBeEnabled()
})

// The field shows a quantity as the app writes it everywhere else ("1", "12,345"), not the text it is kept as ("1.000").
test('a quantity field shows the quantity as the app writes it, once it is not being edited', async ({ page }) => {
  await signIn(page, 'dora@north.test')
  await page.goto('/dealer/catalog?q=EL-1002')
  await hydrated(page)
  const add = page.locator('[data-testid="add-to-cart-form"][data-sku="EL-1002"]')
  await add.getByTestId('add-to-cart-qty').fill('1.000')
  await add.getByTestId('add-to-cart').click()
  // The whole text: "1" would also be found in "1.000", the display this test rules out.
  await expect(add.getByTestId('in-cart')).toHaveText('已加入。 购物车中：1')
  await page.goto('/dealer/cart')
  await hydrated(page)
  const summary = page.getByTestId('cart-summary')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  const qty = page.locator('[data-testid="cart-line"][data-sku="EL-1002"]').getByTestId('cart-qty')
  await expect(qty).toHaveValue('1')

  await qty.fill('12345')
  await expect(qty).toHaveValue('12345')
  await qty.press('Tab')
  await expect(qty).toHaveValue('12,345')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  // What the field shows is read back as meant.
  await qty.focus()
  await qty.press('Tab')
  await expect(qty).toHaveValue('12,345')
  await expect(page.getByTestId('cart-line-error')).toHaveCount(0)

  await qty.fill('2000')
  await qty.press('Enter')
  await expect(qty).toHaveValue('2,000')
  await expect(summary).toHaveAttribute('data-state', 'priced')
  await expect(page.getByTestId('place-order')).toBeEnabled()
})
