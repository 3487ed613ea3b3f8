import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, mailMessages } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { deliverMail } from '~/domain/notifications/mail.server'
import { loader as listLoader } from '~/routes/console.mail._index'
import { loader as messageLoader } from '~/routes/console.mail.$id'
import { loader as downloadLoader } from '~/routes/console.mail.$id.download'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-mail-console-'))
process.env.DATA_DIR = dataDir
delete process.env.SMTP_URL

useTestDatabase({ seed: true })
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

let admin: Actor
let buyer: Actor
let alice: Actor
const ids: string[] = []

beforeAll(async () => {
  admin = await actorFor('admin@acme.test')
  buyer = await actorFor('buyer@acme.test')
  alice = await actorFor('alice@bright.test')
  // Five messages a minute apart, the last one the newest.
  for (let i = 0; i < 5; i++) {
    const [row] = await db()
      .insert(mailMessages)
      .values({
        to: i === 2 ? 'someone_special@example.test' : `person${i}@example.test`,
        subject: `Message ${i}`,
        text: `Hello,\nopen http://localhost/reset-password/token${i}abcdefghijklmnopqrstuvwxyz to continue.`,
        createdAt: sql`now() - make_interval(mins => ${10 - i})`,
      })
      .returning({ id: mailMessages.id })
    ids.push(row.id)
  }
})

const args = (url: string, actor: Actor, params: Record<string, string> = {}) => ({
  request: new Request(`http://localhost${url}`),
  params,
  context: contextFor(actor) as any,
})

async function status(p: Promise<unknown>) {
  try {
    const res: any = await p
    return res instanceof Response ? res.status : (res?.init?.status ?? 200)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

describe('the console’s outgoing-mail page', () => {
  it('lists messages newest first, with search and pages decided by the server', async () => {
    const all = await listLoader(args('/console/mail', admin))
    expect(all.total).toBe(5)
    expect(all.rows.map((r) => r.subject)).toEqual(['Message 4', 'Message 3', 'Message 2', 'Message 1', 'Message 0'])
    expect(all.rows[0]).not.toHaveProperty('text')

    const page2 = await listLoader(args('/console/mail?size=2&page=2', admin))
    expect(page2.total).toBe(5)
    expect(page2.rows.map((r) => r.subject)).toEqual(['Message 2', 'Message 1'])

    // "_" is a LIKE wildcard; the search takes it literally.
    const found = await listLoader(args('/console/mail?q=someone_special', admin))
    expect(found.rows.map((r) => r.subject)).toEqual(['Message 2'])
    expect((await listLoader(args('/console/mail?q=e_a', admin))).total).toBe(0)
    expect((await listLoader(args('/console/mail?q=MESSAGE 3', admin))).rows.map((r) => r.subject)).toEqual(['Message 3'])
  })

  it('shows the time in the reader’s own time zone', async () => {
    const { rows } = await listLoader(args('/console/mail', { ...admin, timeZone: 'UTC', locale: 'en' } as Actor))
    const { rows: shanghai } = await listLoader(args('/console/mail', { ...admin, timeZone: 'Asia/Shanghai', locale: 'en' } as Actor))
    const hour = (text: string) => Number(text.match(/(\d{2}):\d{2}$/)![1])
    expect((hour(rows[0].createdAt) + 8) % 24).toBe(hour(shanghai[0].createdAt) % 24)
  })

  it('shows one message with its text', async () => {
    const { mail } = await messageLoader(args(`/console/mail/${ids[1]}`, admin, { id: ids[1] }))
    expect(mail).toMatchObject({ to: 'person1@example.test', subject: 'Message 1', status: 'queued', downloadable: false })
    expect(mail.text).toContain('http://localhost/reset-password/token1')
  })

  it('answers an unknown or malformed id with 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect(await status(messageLoader(args(`/console/mail/${unknown}`, admin, { id: unknown })))).toBe(404)
    expect(await status(messageLoader(args('/console/mail/../../etc', admin, { id: '../../etc' })))).toBe(404)
    expect(await status(downloadLoader(args('/console/mail/x/download', admin, { id: '../x' })))).toBe(404)
  })

  it('is refused to staff without the permission and to partners', async () => {
    for (const actor of [buyer, alice]) {
      expect(await status(listLoader(args('/console/mail', actor)))).toBe(403)
      expect(await status(messageLoader(args(`/console/mail/${ids[0]}`, actor, { id: ids[0] })))).toBe(403)
      expect(await status(downloadLoader(args(`/console/mail/${ids[0]}/download`, actor, { id: ids[0] })))).toBe(403)
    }
  })

  it('downloads a written message as an attachment under a name the server chose', async () => {
    expect(await status(downloadLoader(args(`/console/mail/${ids[3]}/download`, admin, { id: ids[3] })))).toBe(404)
    await deliverMail(ids[3])
    const { mail } = await messageLoader(args(`/console/mail/${ids[3]}`, admin, { id: ids[3] }))
    expect(mail).toMatchObject({ status: 'written', downloadable: true })
    expect(mail.sentAt).not.toBeNull()

    const res = (await downloadLoader(args(`/console/mail/${ids[3]}/download`, admin, { id: ids[3] }))) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="caixiao-mail-${ids[3]}.eml"`)
    expect(res.headers.get('Content-Type')).toBe('message/rfc822')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.text()).toContain('Subject: Message 3')
    // Stored mails can hold reset links: the download is on record, the refused and unknown ones are not.
    const downloads = await db().select().from(auditLog).where(eq(auditLog.action, 'mail.downloaded'))
    expect(downloads.map((r) => ({ entityId: r.entityId, actorUserId: r.actorUserId, outcome: r.outcome }))).toEqual([{ entityId: ids[3], actorUserId: admin.userId, outcome: 'ok' }])
  })
})
