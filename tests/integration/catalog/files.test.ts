import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, files } from '~db/schema'
import { uploadFile } from '~/domain/files/upload-file.server'
import type { FilePolicy } from '~/domain/files/store-file.server'
import { DomainError } from '~/utils/errors'
import { parseMessage } from '~/utils/validation'
import * as download from '~/routes/files.$id'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { routeArgs, statusOf, useTempDataDir } from './helpers'

useTestDatabase({ seed: true })
const dataDir = useTempDataDir()

const policy: FilePolicy = { kinds: ['csv', 'pdf', 'png'], maxBytes: 64 * 1024 }
const text = (s: string) => new TextEncoder().encode(s)
const pdfBytes = text('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const uploaded = () => (fs.existsSync(path.join(dataDir.dir!, 'uploads')) ? fs.readdirSync(path.join(dataDir.dir!, 'uploads')) : [])

async function refusal(run: Promise<unknown>): Promise<string> {
  const err = await run.then(
    () => null,
    (e) => e,
  )
  expect(err).toBeInstanceOf(DomainError)
  expect(err.code).toBe('bad_input')
  return parseMessage(err.fieldErrors.file[0])[0]
}

const get = async (actor: Awaited<ReturnType<typeof actorFor>> | null, id: string) => download.loader(routeArgs(actor, `/files/${id}`, { id }))

describe('file store', () => {
  it('refuses a disallowed type, a content that lies about its extension, an oversized and an empty file', async () => {
    const actor = await actorFor('admin@acme.test')
    const rowsBefore = await db().$count(files)
    expect(await refusal(uploadFile(actor, { name: 'setup.exe', bytes: text('MZ...') }, policy))).toBe('errors:file.badType')
    expect(await refusal(uploadFile(actor, { name: 'invoice.pdf', bytes: text('<html>not a pdf</html>') }, policy))).toBe('errors:file.contentMismatch')
    expect(await refusal(uploadFile(actor, { name: 'photo.png', bytes: pdfBytes }, policy))).toBe('errors:file.contentMismatch')
    expect(await refusal(uploadFile(actor, { name: 'big.csv', bytes: new Uint8Array(policy.maxBytes + 1).fill(0x61) }, policy))).toBe('errors:file.tooLarge')
    expect(await refusal(uploadFile(actor, { name: 'empty.csv', bytes: new Uint8Array() }, policy))).toBe('errors:file.empty')
    expect(await db().$count(files)).toBe(rowsBefore)
    expect(uploaded()).toEqual([])
  })

  it('stores under a server-generated name, with the uploader’s organization, size and SHA-256, and an audit row', async () => {
    const actor = await actorFor('buyer@acme.test')
    const bytes = text('sku,name\nA,陶瓷\n')
    const file = await uploadFile(actor, { name: '../../etc/passwd.csv', bytes }, policy, { ip: '10.1.2.3' })
    const [row] = await db().select().from(files).where(eq(files.id, file.id))
    expect(row).toMatchObject({ orgId: actor.orgId, uploadedBy: actor.userId, originalName: '../../etc/passwd.csv', mime: 'text/csv; charset=utf-8', size: bytes.length })
    expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(row.storedName).toMatch(/^[0-9a-f-]{36}\.csv$/)
    expect(uploaded()).toContain(row.storedName)
    expect(await db().$count(auditLog, eq(auditLog.entityId, file.id))).toBe(1)
  })
})

describe('downloading /files/$id', () => {
  it('serves the organization’s own file as an attachment with a safe name and nosniff', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const file = await uploadFile(buyer, { name: 'Q3 "report"; <script>.pdf', bytes: pdfBytes }, policy)
    const admin = await actorFor('admin@acme.test') // another host user: host staff read host files
    const res = (await get(admin, file.id)) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/pdf')
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="Q3 report script.pdf"; filename*=UTF-8''Q3%20report%20script.pdf`)
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(res.headers.get('Cache-Control')).toContain('no-store')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdfBytes)
    // Each download is on record, naming the reader (not the uploader).
    const downloads = await db().select().from(auditLog).where(and(eq(auditLog.entityId, file.id), eq(auditLog.action, 'file.downloaded')))
    expect(downloads).toHaveLength(1)
    expect(downloads[0]).toMatchObject({ entityType: 'file', actorUserId: admin.userId, outcome: 'ok', ip: '127.0.0.1' })
  })

  it('answers 404 to every other organization, in both directions, and to ids that are not ids', async () => {
    const alice = await actorFor('alice@bright.test')
    const supplierFile = await uploadFile(alice, { name: 'cert.pdf', bytes: pdfBytes }, policy)
    const hostFile = await uploadFile(await actorFor('admin@acme.test'), { name: 'price-list.csv', bytes: text('a,b\n') }, policy)

    expect(((await get(await actorFor('amy@bright.test'), supplierFile.id)) as Response).status).toBe(200) // same supplier
    for (const email of ['admin@acme.test', 'bob@precision.test', 'dave@north.test']) {
      const other = await actorFor(email)
      expect(await statusOf(() => get(other, supplierFile.id)), email).toBe(404)
    }
    for (const email of ['alice@bright.test', 'dave@north.test']) {
      const partner = await actorFor(email)
      expect(await statusOf(() => get(partner, hostFile.id)), email).toBe(404)
    }
    const admin = await actorFor('admin@acme.test')
    for (const id of ['../../etc/passwd', 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) expect(await statusOf(() => get(admin, id)), id).toBe(404)
    // Only the one download that was served is on record as a download; each refused attempt on an
    // id is on record as denied (an unknown id alike, so the time taken tells nothing; a malformed one names no file).
    const downloads = await db().select().from(auditLog).where(and(inArray(auditLog.entityId, [supplierFile.id, hostFile.id]), eq(auditLog.action, 'file.downloaded')))
    expect(downloads.map((r) => r.entityId)).toEqual([supplierFile.id])
    const denied = await db()
      .select({ entityId: auditLog.entityId, actorUserId: auditLog.actorUserId, entityType: auditLog.entityType, ip: auditLog.ip })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'file.download'), eq(auditLog.outcome, 'denied')))
      .orderBy(auditLog.id)
    const who = async (email: string) => (await actorFor(email)).userId
    expect(denied).toEqual(
      await Promise.all(
        [
          ['admin@acme.test', supplierFile.id],
          ['bob@precision.test', supplierFile.id],
          ['dave@north.test', supplierFile.id],
          ['alice@bright.test', hostFile.id],
          ['dave@north.test', hostFile.id],
          ['admin@acme.test', '00000000-0000-4000-8000-000000000000'],
        ].map(async ([email, id]) => ({ entityId: id, actorUserId: await who(email), entityType: 'file', ip: '127.0.0.1' })),
      ),
    )
  })

  it('sends a signed-out visitor to sign-in', async () => {
    const file = await uploadFile(await actorFor('admin@acme.test'), { name: 'x.csv', bytes: text('x\n') }, policy)
    expect(await statusOf(() => get(null, file.id))).toBe(302)
  })
})
