import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { e2ePort } from '../../support/e2e-port'
import { hydrated, signIn } from '../support'

// The e2e server (tests/support/e2e-server.js) writes every message as an .eml file under its data folder.
const mailDir = path.resolve(`tests/.tmp/e2e-data-${e2ePort}/mail`)

/** The readable text of a MIME message: each part's body decoded from base64 or quoted-printable. */
function decodeMime(raw: string): string {
  const out: string[] = []
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/)
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/)
    if (split < 0) continue
    const headers = part.slice(0, split)
    const body = part.slice(split).trim()
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase()
    if (encoding === 'base64') out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'))
    else if (encoding === 'quoted-printable') {
      const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
      out.push(Buffer.from(bytes, 'latin1').toString('utf8'))
    } else out.push(body)
  }
  return out.join('\n')
}

/** The invitation link in the newest message addressed to `to`, once the mail worker has written it. */
async function invitationLink(to: string): Promise<string> {
  let link: string | undefined
  await expect
    .poll(
      () => {
        if (!fs.existsSync(mailDir)) return undefined
        const messages = fs
          .readdirSync(mailDir)
          .filter((f) => f.endsWith('.eml'))
          .map((f) => ({ raw: fs.readFileSync(path.join(mailDir, f), 'utf8'), at: fs.statSync(path.join(mailDir, f)).mtimeMs }))
          .filter((m) => new RegExp(`^To:.*\\b${to.replace(/[.+]/g, '\\$&')}\\b`, 'im').test(m.raw))
          .sort((a, b) => b.at - a.at)
        link = messages[0] ? /https?:\/\/[^\s"<>]+\/invite\/[A-Za-z0-9_-]+/.exec(decodeMime(messages[0].raw))?.[0] : undefined
        return link
      },
      { timeout: 20_000, message: `an invitation e-mail to ${to}` },
    )
    .toBeTruthy()
  return link!
}

async function acceptInvitation(page: Page, link: string, password: string) {
  await page.goto(link)
  await hydrated(page)
  await page.getByLabel(/^(password|密码)$/i).fill(password)
  await page.getByLabel(/^(repeat the password|再次输入密码)$/i).fill(password)
  await page.getByTestId('accept-submit').click()
}

test('a new supplier’s admin joins through the e-mailed link, invites a colleague and sees them join live', async ({ browser }) => {
  // The console admin creates the supplier and invites its first admin.
  const consoleContext = await browser.newContext()
  const admin = await consoleContext.newPage()
  await signIn(admin, 'admin@acme.test')
  await admin.goto('/console/suppliers')
  await hydrated(admin)
  await admin.getByTestId('new-partner').click()
  await expect(admin).toHaveURL(/\/console\/suppliers\/new$/)
  await hydrated(admin)
  const form = admin.getByTestId('new-partner-form')
  await form.getByLabel(/^(code|编码)$/i).fill('sup-e2e-nova')
  await form.getByLabel(/^(name in chinese|中文名称)$/i).fill('诺瓦电子有限公司')
  await form.getByLabel(/^(name in english|英文名称)$/i).fill('Nova Electronics')
  await form.getByLabel(/^(region|区域)$/i).fill('South China')
  await form.getByLabel(/^(name|姓名)$/i).fill('Nina Nova')
  await form.getByLabel(/^(e-mail|电子邮箱)$/i).fill('nina@nova-e2e.test')
  await form.getByLabel(/^(language|语言)$/i).selectOption('en')
  await admin.getByTestId('create-partner').click()
  await expect(admin.getByTestId('partner-detail')).toBeVisible()
  await expect(admin.getByTestId('org-person')).toHaveCount(1)
  await expect(admin.locator('[data-testid="org-person"][data-email="nina@nova-e2e.test"] [data-testid="status"]')).toHaveAttribute('data-status', 'invited')
  await admin.goto('/console/suppliers?q=nova')
  await expect(admin.getByTestId('org-link')).toHaveText(['SUP-E2E-NOVA'])
  await expect(admin.getByTestId('user-count')).toHaveText(['1'])

  // The invitee opens the link from the e-mail, sees who invited her where, and sets a password.
  const ninaContext = await browser.newContext()
  const nina = await ninaContext.newPage()
  const ninaLink = await invitationLink('nina@nova-e2e.test')
  await nina.goto(ninaLink)
  await expect(nina.getByTestId('invite-intro')).toContainText('Wang Min')
  await expect(nina.getByTestId('invite-intro')).toContainText(/Nova Electronics|诺瓦电子有限公司/)
  await acceptInvitation(nina, ninaLink, 'nina-picked-a-passphrase')
  await expect(nina).toHaveURL(/\/supplier$/)
  await expect(nina.getByTestId('supplier-home')).toBeVisible()

  // The link worked once: opened again it says it is not valid.
  const again = await ninaContext.newPage()
  const res = await again.goto(ninaLink)
  expect(res?.status()).toBe(410)
  await expect(again.getByTestId('invite-invalid')).toBeVisible()
  await again.close()

  // The new admin invites a colleague.
  await nina.getByRole('link', { name: /colleagues|同事/i }).click()
  await expect(nina).toHaveURL(/\/supplier\/users$/)
  await hydrated(nina)
  await nina.getByTestId('invite-colleague').click()
  await expect(nina).toHaveURL(/\/supplier\/users\/new$/)
  await hydrated(nina)
  await nina.getByLabel(/^(name|姓名)$/i).fill('Noah Nova')
  await nina.getByLabel(/^(e-mail|电子邮箱)$/i).fill('noah@nova-e2e.test')
  await nina.getByLabel(/^(role|角色)$/i).selectOption('supplier_user')
  await nina.getByTestId('send-invite').click()
  // Back on the list (where an invitation of any address leads), with the invited colleague in it.
  await expect(nina).toHaveURL(/\/supplier\/users$/)
  await expect(nina.getByTestId('people-table')).toContainText('noah@nova-e2e.test')
  await expect(nina.locator('html')).toHaveAttribute('data-socket', 'connected')
  await expect(nina.getByTestId('bell-count')).toHaveCount(0)

  // The colleague accepts in another browser; the admin's bell says so at once, without a reload.
  const noahContext = await browser.newContext()
  const noah = await noahContext.newPage()
  await acceptInvitation(noah, await invitationLink('noah@nova-e2e.test'), 'noah-picked-a-passphrase')
  await expect(noah).toHaveURL(/\/supplier$/)
  await expect(noah.getByRole('link', { name: /colleagues|同事/i })).toHaveCount(0) // a plain user

  await expect(nina.getByTestId('bell-count')).toHaveText('1')
  await nina.getByTestId('bell').click()
  await expect(nina.getByTestId('notification-list')).toContainText(/Noah Nova (joined|已加入)/)

  await Promise.all([consoleContext.close(), ninaContext.close(), noahContext.close()])
})

test('deactivating a signed-in user ends their session: their next navigation goes to sign-in', async ({ browser }) => {
  const adminContext = await browser.newContext()
  const admin = await adminContext.newPage()
  await signIn(admin, 'admin@acme.test')
  await admin.goto('/console/users/new')
  await hydrated(admin)
  await admin.getByLabel(/^(name|姓名)$/i).fill('Vera Vale')
  await admin.getByLabel(/^(e-mail|电子邮箱)$/i).fill('vera@acme-e2e.test')
  await admin.getByTestId('role-sales').check()
  await admin.getByTestId('send-invite').click()
  await expect(admin.getByTestId('staff-user')).toBeVisible()
  const veraPage = admin.url()

  const veraContext = await browser.newContext()
  const vera = await veraContext.newPage()
  await acceptInvitation(vera, await invitationLink('vera@acme-e2e.test'), 'vera-picked-a-passphrase')
  await expect(vera).toHaveURL(/\/console$/)
  await expect(vera.getByTestId('console-home')).toBeVisible()
  await expect(vera.locator('html')).toHaveAttribute('data-socket', 'connected')

  await admin.goto(veraPage)
  await hydrated(admin)
  await admin.getByTestId('deactivate-user').click()
  await admin.getByTestId('deactivate-user-confirm').click()
  await expect(admin.getByTestId('reactivate-user')).toBeVisible()
  await expect(admin.getByTestId('status')).toHaveAttribute('data-status', 'inactive')

  // Her open tab loses its live connection, and the next navigation finds no session.
  await expect(vera.locator('html')).toHaveAttribute('data-socket', 'disconnected')
  await vera.getByRole('link', { name: /^(dashboard|工作台)$/i }).first().click()
  await expect(vera).toHaveURL(/\/login/)
  await vera.goto('/console')
  await expect(vera).toHaveURL(/\/login\?redirectTo=%2Fconsole/)

  await Promise.all([adminContext.close(), veraContext.close()])
})
