// A dealer admin manages a colleague in the portal: changes her role (her open pages follow live),
// deactivates her only after a confirmation (which revokes the API key she made, for good), and a
// plain user is told the admin pages are the admins'. South's fiona belongs to this file alone.
import { expect, test, type Page } from '@playwright/test'
import { DEMO_PASSWORD, hydrated, signIn, signedIn } from '../support'

const ADMIN = 'frank@south.test'
const COLLEAGUE = 'fiona@south.test'

async function openColleague(page: Page, email: string) {
  await page.goto('/dealer/users')
  await hydrated(page)
  await page.getByTestId('people-table').getByRole('row').filter({ hasText: email }).getByTestId('person-link').click()
  await expect(page.getByTestId('person-email')).toHaveText(email)
  await hydrated(page)
}

/** The bell's unread count (0 when it shows none). */
async function unread(page: Page): Promise<number> {
  const badge = page.getByTestId('bell-count')
  return (await badge.count()) ? Number(await badge.textContent()) : 0
}

async function setRole(page: Page, role: 'dealer_admin' | 'dealer_user') {
  await page.getByTestId('colleague-role').selectOption(role)
  await page.getByTestId('save-colleague-role').click()
  await expect(page.getByTestId('toast').last()).toContainText(role === 'dealer_admin' ? /经销商管理员|Dealer admin/ : /经销商用户|Dealer user/)
}

test('a dealer admin changes a colleague’s role, live on her pages; deactivation asks first and kills her key for good', async ({ browser, request }) => {
  // One story across two people and a dozen pages: longer than the default budget on a loaded runner.
  test.setTimeout(90_000)
  // A retry must not invite an address its first try already did.
  const invitee = `gus-${Date.now()}@south-e2e.test`
  const frank = await signedIn(browser, ADMIN)
  await frank.page.setViewportSize({ width: 1366, height: 900 })
  const fiona = await signedIn(browser, COLLEAGUE)
  await expect(fiona.page.locator('html')).toHaveAttribute('data-socket', 'connected')
  await expect(fiona.page.locator('nav a[href="/dealer/users"]')).toHaveCount(0)
  const before = await unread(fiona.page)

  // Frank makes her an admin: her open page gains the admin's menu without a reload.
  await openColleague(frank.page, COLLEAGUE)
  await setRole(frank.page, 'dealer_admin')
  await expect(frank.page.getByTestId('person-card')).toContainText(/经销商管理员|Dealer admin/)
  await expect(fiona.page.locator('nav a[href="/dealer/users"]').first()).toBeVisible()
  await expect(fiona.page.getByTestId('bell-count')).toHaveText(String(before + 1))

  // An invitation Frank sends now reaches her bell, naming South in the language she reads it in.
  await frank.page.goto('/dealer/users/new')
  await hydrated(frank.page)
  await frank.page.getByLabel(/^(name|姓名)$/i).fill('Gus Guo')
  await frank.page.getByLabel(/^(e-mail|电子邮箱)$/i).fill(invitee)
  await frank.page.getByTestId('send-invite').click()
  await expect(frank.page).toHaveURL(/\/dealer\/users$/)
  await expect(fiona.page.getByTestId('bell-count')).toHaveText(String(before + 2))
  await fiona.page.getByTestId('bell').click()
  await expect(fiona.page.getByTestId('notification-list')).toContainText(`邀请了 ${invitee} 加入 广州南方供应链有限公司。`)
  await fiona.page.keyboard.press('Escape')
  // She switches to English on her account page: the same notice reads whole in English.
  await fiona.page.goto('/dealer/account')
  await hydrated(fiona.page)
  await fiona.page.locator('form:has(input[name="intent"][value="profile"])').locator('select[name="locale"]').selectOption('en')
  await fiona.page.locator('form:has(input[name="intent"][value="profile"])').getByRole('button').click()
  await expect(fiona.page.locator('html')).toHaveAttribute('lang', 'en')
  await hydrated(fiona.page)
  await fiona.page.getByTestId('bell').click()
  await expect(fiona.page.getByTestId('notification-list')).toContainText(`invited ${invitee} to Guangzhou South Supply.`)
  await expect(fiona.page.getByTestId('notification-list')).not.toContainText('广州南方')
  await fiona.page.keyboard.press('Escape')

  // As an admin she makes an API key, which works.
  await fiona.page.goto('/dealer/api-keys')
  await hydrated(fiona.page)
  const keyName = `Fiona ERP ${Date.now()}`
  await fiona.page.getByTestId('api-key-name').fill(keyName)
  await fiona.page.getByTestId('scope-orders:read').check()
  await fiona.page.getByTestId('create-api-key').click()
  const token = await fiona.page.getByTestId('api-key-secret').inputValue()
  const bearer = { authorization: `Bearer ${token}` }
  expect((await request.get('/api/v1/orders', { headers: bearer })).status()).toBe(200)

  // Deactivating asks first; going back changes nothing.
  await openColleague(frank.page, COLLEAGUE)
  await frank.page.getByTestId('deactivate-user').click()
  const dialog = frank.page.getByTestId('deactivate-user-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText(/何菲奥娜/)
  await dialog.getByRole('button', { name: /^(返回|Back)$/ }).click()
  await expect(dialog).toHaveCount(0)
  await expect(frank.page.getByTestId('person-card').getByTestId('status')).toHaveAttribute('data-status', 'active')
  expect((await request.get('/api/v1/orders', { headers: bearer })).status()).toBe(200)
  await frank.page.getByTestId('deactivate-user').click()
  await frank.page.getByTestId('deactivate-user-confirm').click()
  await expect(frank.page.getByTestId('person-card').getByTestId('status')).toHaveAttribute('data-status', 'inactive')
  expect((await request.get('/api/v1/orders', { headers: bearer })).status()).toBe(401)

  // The key list says it is revoked, and why. Frank's own key, used and expiring, fills the date
  // columns; at 1366 px its revoke button and status badge still read on one line each.
  await frank.page.goto('/dealer/api-keys')
  await hydrated(frank.page)
  await frank.page.getByTestId('api-key-name').fill('audit-key')
  await frank.page.getByTestId('api-key-expiry').selectOption('30')
  await frank.page.getByTestId('scope-orders:read').check()
  await frank.page.getByTestId('scope-orders:write').check()
  await frank.page.getByTestId('create-api-key').click()
  const franksToken = await frank.page.getByTestId('api-key-secret').inputValue()
  expect((await request.get('/api/v1/orders', { headers: { authorization: `Bearer ${franksToken}` } })).status()).toBe(200)
  await frank.page.reload()
  await hydrated(frank.page)
  const revoked = frank.page.getByTestId('api-key-row').filter({ hasText: keyName })
  await expect(revoked).toHaveAttribute('data-status', 'revoked')
  await expect(revoked.getByTestId('api-key-revoked-reason')).toHaveText(/创建人已停用|Its maker was deactivated/)
  await expect(revoked.getByTestId('revoke-api-key-open')).toHaveCount(0)
  const active = frank.page.getByTestId('api-key-row').filter({ hasText: 'audit-key' })
  for (const testId of ['revoke-api-key-open', 'api-key-status']) {
    const box = await active.getByTestId(testId).evaluate((el) => {
      const style = getComputedStyle(el)
      return { height: el.getBoundingClientRect().height, line: parseFloat(style.lineHeight), padding: parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) }
    })
    // One line of text (with its padding and border), not one character per line.
    expect(box.height, testId).toBeLessThan(box.padding + 2 * box.line)
  }

  // Reactivated, she is a plain user again; her key stays dead.
  await openColleague(frank.page, COLLEAGUE)
  await frank.page.getByTestId('reactivate-user').click()
  await expect(frank.page.getByTestId('person-card').getByTestId('status')).toHaveAttribute('data-status', 'active')
  await setRole(frank.page, 'dealer_user')
  expect((await request.get('/api/v1/orders', { headers: bearer })).status()).toBe(401)

  // A plain user who follows a link to the admin pages is told they are the admins', in her language.
  await signIn(fiona.page, COLLEAGUE, DEMO_PASSWORD)
  for (const [path, text] of [
    ['/dealer/users', "Only your organization's administrators manage colleagues."],
    ['/dealer/api-keys', "Only your organization's administrators manage API keys."],
  ] as const) {
    const res = await fiona.page.goto(path)
    expect(res?.status()).toBe(403)
    await expect(fiona.page.locator('main[data-status="403"]')).toContainText(text)
    await expect(fiona.page.locator('main[data-status="403"]')).not.toContainText('another part of Caixiao')
  }
  // Switched back to Chinese, the same page says it in Chinese.
  await fiona.page.goto('/dealer/account')
  await hydrated(fiona.page)
  await fiona.page.locator('form:has(input[name="intent"][value="profile"])').locator('select[name="locale"]').selectOption('zh-CN')
  await fiona.page.locator('form:has(input[name="intent"][value="profile"])').getByRole('button').click()
  await expect(fiona.page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await fiona.page.goto('/dealer/users')
  await expect(fiona.page.locator('main[data-status="403"]')).toContainText('仅本组织管理员可以管理同事')

  await Promise.all([frank.ctx.close(), fiona.ctx.close()])
})

test('the account page empties the password fields after a change, and shows the saved profile after a save', async ({ page }) => {
  await signIn(page, 'fiona@south.test')
  await page.goto('/dealer/account')
  await hydrated(page)
  const pw = page.locator('form:has(input[name="intent"][value="password"])')
  const next = 'fiona-picked-a-new-passphrase'
  await pw.locator('input[name="current"]').fill(DEMO_PASSWORD)
  await pw.locator('input[name="password"]').fill(next)
  await pw.locator('input[name="confirm"]').fill(next)
  await pw.getByRole('button').click()
  await expect(page.getByTestId('toast').last()).toContainText(/密码已修改|Your password is changed/)
  for (const name of ['current', 'password', 'confirm']) await expect(pw.locator(`input[name="${name}"]`)).toHaveValue('')

  // A name typed with spaces around it is saved trimmed, and the field shows what was saved.
  const profile = page.locator('form:has(input[name="intent"][value="profile"])')
  await profile.locator('input[name="name"]').fill('  Fiona He 何菲奥娜 (South)  ')
  await profile.getByRole('button').click()
  await expect(page.getByTestId('toast').last()).toBeVisible()
  await expect(profile.locator('input[name="name"]')).toHaveValue('Fiona He 何菲奥娜 (South)')

  // Put the password back for whoever signs in as her next.
  await pw.locator('input[name="current"]').fill(next)
  await pw.locator('input[name="password"]').fill(DEMO_PASSWORD)
  await pw.locator('input[name="confirm"]').fill(DEMO_PASSWORD)
  await pw.getByRole('button').click()
  for (const name of ['current', 'password', 'confirm']) await expect(pw.locator(`input[name="${name}"]`)).toHaveValue('')
})
