// With DATABASE_OWNER_URL the app connects as a role that owns nothing: the owner migrates and grants
// (db/owner.ts), and the app's role can add to the audit and auction logs but never change, empty,
// unhook or drop them. PostgreSQL only: PGlite has a single role. A database and a login role of the
// test's own, as an operator would make them, not the migrated template the other files copy.
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDbKind } from '../../support/db'
import { adminUrl, noCommitFlush, templatePrefix, urlFor } from '../../support/pg-urls'
import { dbErrorOf } from '../../support/errors'
import { DEMO_PASSWORD } from '../../support/security-actors'
import { db, openDatabase, rawRows, setDatabase, type DbHandle } from '~db/client'
import { APPEND_ONLY_TABLES, prepareAsOwner } from '~db/owner'
import { seedDemo } from '~db/seed/demo'
import { recordAudit, verifyAuditChain } from '~/audit/record.server'
import { signIn } from '~/auth/sign-in.server'
import { enqueue, startJobs, stopJobs } from '~/jobs/queue.server'
import { actorFor } from '../../support/actors'
import { closedAuction } from '../auction/helpers'

const onPostgres = testDbKind === 'postgres'

describe.skipIf(!onPostgres)('two database roles: the owner migrates, the app only uses', () => {
  const suffix = randomBytes(4).toString('hex')
  const database = `${onPostgres ? templatePrefix() : 'x'}_roles_${suffix}`
  const role = `caixiao_app_${suffix}`
  const password = randomBytes(12).toString('hex')
  const ownerUrl = () => urlFor(database)
  const runtimeUrl = () => {
    const u = new URL(urlFor(database))
    u.username = role
    u.password = password
    return u.toString()
  }
  const ref: { runtime?: DbHandle } = {}

  beforeAll(async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    try {
      // As an operator would: the app's role may log in, and nothing more.
      await admin.unsafe(`create role ${role} login password '${password}'`)
      await admin.unsafe(`create database ${database}`)
      await admin.unsafe(noCommitFlush(database))
    } finally {
      await admin.end()
    }
    ref.runtime = await openDatabase({ url: runtimeUrl(), poolSize: 4 })
    expect(await prepareAsOwner(ownerUrl(), ref.runtime)).toEqual({ owner: expect.any(String), runtime: role })
    setDatabase(ref.runtime)
  })

  afterAll(async () => {
    setDatabase(undefined)
    await ref.runtime?.close()
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(`drop database if exists ${database} with (force)`)
      await admin.unsafe(`drop role if exists ${role}`)
    } finally {
      await admin.end()
    }
  })

  it('runs the app as that role: the demo seed, a sign-in, an auction from draft to close, the job queue', async () => {
    const [{ me }] = await rawRows<{ me: string }>(db(), sql`select current_user as me`)
    expect(me).toBe(role)
    await seedDemo()
    const signedIn = await signIn({ email: 'buyer@acme.test', password: DEMO_PASSWORD }, { ip: '10.40.0.1' })
    expect(signedIn).toMatchObject({ ok: true, surface: 'console' })
    // Row locks on the auction, its bids, its event log and its clock, as the app's role.
    const auction = await closedAuction(await actorFor('buyer@acme.test'))
    await db().transaction((tx) => recordAudit(tx, { system: true }, { action: 'test.two_roles', entityType: 'test' }))
    try {
      // pg-boss as the app's role: the owner made its schema and queues, so starting and queueing need no DDL.
      await startJobs({ work: false })
      expect(await enqueue('auth.prune', {})).toEqual(expect.any(String))
    } finally {
      await stopJobs()
    }
    const [counts] = await rawRows<{ audit: number; events: number; signIns: number }>(
      db(),
      sql`select (select count(*)::int from audit_log) as audit, (select count(*)::int from auction_events where auction_id = ${auction.id}) as events,
        (select count(*)::int from audit_log where action = 'auth.sign_in') as "signIns"`,
    )
    expect(counts.signIns).toBe(1)
    expect(counts.audit).toBeGreaterThan(1)
    expect(counts.events).toBeGreaterThan(0)
    expect(await verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('holds every queue pg-boss makes for itself on a database of its own, so no schedule is lost', async () => {
    // The app's role cannot create a queue (a table), and pg-boss's clock ignores the failure to create its
    // own and drops a job for a missing queue without an error: a queue the owner left out fails silently.
    const reference = `${database}_ref`
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database ${reference}`)
    const alone = await openDatabase({ url: urlFor(reference), poolSize: 2 })
    const queues = (q: DbHandle) => rawRows<{ name: string }>(q.db, sql`select name from pgboss.queue order by name`)
    try {
      setDatabase(alone)
      await startJobs({ work: false })
      await stopJobs()
      const expected = await queues(alone)
      expect(expected.length).toBeGreaterThan(0)
      expect(await queues(ref.runtime!)).toEqual(expected)
    } finally {
      await stopJobs()
      setDatabase(ref.runtime)
      await alone.close()
      await admin.unsafe(`drop database if exists ${reference} with (force)`)
      await admin.end()
    }
  })

  it.each(APPEND_ONLY_TABLES)('%s: the app role cannot change, empty, unhook or drop it', async (table) => {
    const t = sql.identifier(table)
    const before = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from ${t}`)
    // Refused by privilege, before the append-only trigger would be reached (its message says "append-only").
    expect(await dbErrorOf(db().execute(sql`update ${t} set hash = hash`))).toBe(`permission denied for table ${table}`)
    expect(await dbErrorOf(db().execute(sql`delete from ${t}`))).toBe(`permission denied for table ${table}`)
    expect(await dbErrorOf(db().execute(sql`truncate ${t}`))).toBe(`permission denied for table ${table}`)
    // What an owner could do to get past the trigger, and what the app's role cannot.
    expect(await dbErrorOf(db().execute(sql`alter table ${t} disable trigger all`))).toBe(`must be owner of table ${table}`)
    expect(await dbErrorOf(db().execute(sql`drop table ${t}`))).toBe(`must be owner of table ${table}`)
    expect(await dbErrorOf(db().execute(sql`alter table ${t} rename to ${sql.identifier(`${table}_old`)}`))).toBe(`must be owner of table ${table}`)
    expect(await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from ${t}`)).toEqual(before)
  })

  it('grants again on every boot, and refuses an app role that owns a log, is a superuser or may create schemas, and an owner URL of another database', async () => {
    expect(await prepareAsOwner(ownerUrl(), ref.runtime!)).toMatchObject({ runtime: role })
    const owner = postgres(ownerUrl(), { max: 1, onnotice: () => {} })
    const asSuperuser = await openDatabase({ url: ownerUrl(), poolSize: 1 })
    try {
      await expect(prepareAsOwner(ownerUrl(), asSuperuser)).rejects.toThrow(/is a superuser/)
      await owner.unsafe(`alter table audit_log owner to ${role}`)
      try {
        await expect(prepareAsOwner(ownerUrl(), ref.runtime!)).rejects.toThrow(`DATABASE_URL's role ${role} owns table audit_log`)
      } finally {
        await owner.unsafe(`alter table audit_log owner to current_user`)
      }
      // An app role that may create schemas could put one named as the owner before public on its search_path.
      await owner.unsafe(`grant create on database ${database} to ${role}`)
      try {
        await expect(prepareAsOwner(ownerUrl(), ref.runtime!)).rejects.toThrow(`DATABASE_URL's role ${role} may create schemas in this database`)
      } finally {
        await owner.unsafe(`revoke create on database ${database} from ${role}`)
      }
      // A typo in one URL's database name: the checks and grants would go to a database the app does not use.
      const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
      try {
        await admin.unsafe(`create database ${database}_other`)
        await expect(prepareAsOwner(urlFor(`${database}_other`), ref.runtime!)).rejects.toThrow(`DATABASE_OWNER_URL reaches database ${database}_other, DATABASE_URL ${database}: both must name the same database`)
      } finally {
        await admin.unsafe(`drop database if exists ${database}_other with (force)`)
        await admin.end()
      }
      // Back with the owner (the change of hands took the app role's grants with it), the next boot grants
      // again: the app's role appends, and may not touch the table otherwise.
      await prepareAsOwner(ownerUrl(), ref.runtime!)
      await db().transaction((tx) => recordAudit(tx, { system: true }, { action: 'test.two_roles_again', entityType: 'test' }))
      expect(await dbErrorOf(db().execute(sql`alter table audit_log disable trigger all`))).toBe('must be owner of table audit_log')
      expect(await verifyAuditChain()).toMatchObject({ ok: true })
    } finally {
      await asSuperuser.close()
      await owner.end()
    }
  })
})
