// A client-side navigation whose data request gets no answer from the app: the network dropped or
// the server was down (the request fails), or an outage answered in its place (the server's 503
// JSON, which is not Remix's own). The user is told the service cannot be reached and offered to try
// again, not shown "500, the error was recorded"; trying again loads where they were going.
import { expect, test } from '@playwright/test'
import { hydrated, signIn } from '../support'

const OUTAGE_ANSWER = { ok: false, error: { code: 'UNAVAILABLE', message: 'Caixiao is briefly unavailable' } }

test('a navigation that gets no answer says the service cannot be reached, and trying again loads the page', async ({ page }) => {
  await signIn(page, 'dave@north.test')
  await page.goto('/dealer')
  await hydrated(page)
  const nav = (to: string) => page.locator(`#surface-nav a[href="${to}"]`)
  const unreachable = page.locator('main[data-status="unreachable"]')

  // The network drops.
  await page.route('**/*.data*', (route) => route.abort('failed'))
  await nav('/dealer/catalog').click()
  await expect(unreachable).toBeVisible()
  await expect(unreachable.getByRole('heading')).toHaveText(/暂时无法连接采销平台|Caixiao cannot be reached just now/)
  await expect(page.locator('main[data-status="500"]')).toHaveCount(0)
  await expect(page).toHaveURL(/\/dealer\/catalog$/)

  // Back, and it answers; then an outage answers in the app's place.
  await page.unroute('**/*.data*')
  await page.goto('/dealer')
  await hydrated(page)
  await page.route('**/*.data*', (route) => route.fulfill({ status: 503, contentType: 'application/json', headers: { 'Retry-After': '5' }, body: JSON.stringify(OUTAGE_ANSWER) }))
  await nav('/dealer/orders').click()
  await expect(unreachable).toBeVisible()
  await expect(page).toHaveURL(/\/dealer\/orders$/)

  // Once the service answers again, trying again is a full load of the page the user was going to.
  await page.unroute('**/*.data*')
  await unreachable.getByTestId('unreachable-retry').click()
  await expect(unreachable).toHaveCount(0)
  await expect(page).toHaveURL(/\/dealer\/orders$/)
  await expect(page.locator('#main')).toBeVisible()
  await hydrated(page)
})

test('a form whose submission gets no answer says so, writes nothing, and offers the way home', async ({ page }) => {
  // Shanghai East's approved demo order, which no other test moves on.
  await signIn(page, 'erin@east.test')
  await page.goto('/dealer/orders?q=SE-2026-125')
  await hydrated(page)
  await page.getByTestId('orders-table').locator('a[href^="/dealer/orders/"]').first().click()
  await expect(page.getByTestId('cancel-form')).toBeVisible()
  const orderUrl = page.url()

  await page.route('**/*.data*', (route) => (route.request().method() === 'POST' ? route.abort('failed') : route.continue()))
  await page.getByTestId('cancel-reason').fill('Never reaches the server')
  await page.getByTestId('cancel-submit').click()
  const unreachable = page.locator('main[data-status="unreachable"]')
  await expect(unreachable).toBeVisible()
  await expect(unreachable.getByTestId('error-home')).toHaveAttribute('href', '/dealer')
  await expect(page).toHaveURL(/\/dealer\/orders\/[^/]+$/)

  // Nothing was written: the order can still be cancelled.
  await page.unroute('**/*.data*')
  await page.goto(orderUrl)
  await expect(page.getByTestId('cancel-form')).toBeVisible()
})
