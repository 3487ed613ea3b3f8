// Two database roles on PostgreSQL (DATABASE_OWNER_URL set). The owner role runs the migrations and
// owns every table; the app's own role (DATABASE_URL) is granted what the app does with them, and on
// the append-only logs only SELECT and INSERT. Triggers refuse an UPDATE or DELETE of a log row, but a
// table's owner may disable its triggers or drop it: only a role that does not own the logs, and is
// not a superuser, cannot alter them at all. The embedded database (PGlite) has one role: no split.
import postgres from 'postgres'
import { migrateDatabase, migratePostgresAt, type DbHandle } from './client'
import { BOSS_SCHEMA, installJobQueues } from '~/jobs/queue.server'

/** The app's tables' schema (drizzle's default). */
const APP_SCHEMA = 'public'
/** Written once, never changed: the app's role may read them and add rows, nothing more. */
export const APPEND_ONLY_TABLES = ['audit_log', 'auction_events'] as const
// pg_advisory_lock key of the owner's step, so processes booting together grant one at a time (727_001 to 727_004: the migrations', the audit chain's, the seed's and the queues').
const OWNER_LOCK = 727_005

/**
 * The migrations, or with ownerUrl the owner's whole step (prepareAsOwner): what boot and the
 * db:migrate and db:seed scripts run before the app touches the database.
 */
export async function migrateWithRoles(handle: DbHandle, ownerUrl: string | undefined): Promise<void> {
  if (ownerUrl) await prepareAsOwner(ownerUrl, handle)
  else await migrateDatabase(handle)
}

/**
 * Through the owner's connection: the migrations, pg-boss's schema and queues, then the app's role's
 * privileges, granted again each time so that tables a migration adds are covered. Refuses (throws)
 * a setup where the app's role could still alter the logs: two URLs that reach different databases, the
 * same role, a superuser, a member of the owner role, the owner of the schema or of any of its tables, or
 * a role that may create objects in the schema or schemas in the database. Idempotent.
 */
export async function prepareAsOwner(ownerUrl: string, runtime: DbHandle): Promise<{ owner: string; runtime: string }> {
  if (runtime.kind !== 'postgres') throw new Error('DATABASE_OWNER_URL needs DATABASE_URL: the embedded database has a single role')
  const [{ role }] = await runtime.sql!<{ role: string }[]>`select current_user as role`
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'caixiao-owner' } })
  try {
    await owner`select pg_advisory_lock(${OWNER_LOCK})`
    // Every check below reads the owner's catalogs, and the grants go there: with a typo in one URL's database name they
    // would all pass on another database while the app ran on its own, its role still able to alter the logs there.
    const where = `select current_database() as database, pg_postmaster_start_time()::text as started`
    const [[ours], [theirs]] = await Promise.all([runtime.sql!.unsafe<{ database: string; started: string }[]>(where), owner.unsafe<{ database: string; started: string }[]>(where)])
    if (ours.database !== theirs.database || ours.started !== theirs.started)
      throw new Error(`DATABASE_OWNER_URL reaches database ${theirs.database}${ours.started !== theirs.started ? ' on another server' : ''}, DATABASE_URL ${ours.database}: both must name the same database`)
    const [who] = await owner<{ owner: string; superuser: boolean; member: boolean }[]>`
      select current_user as owner, r.rolsuper as superuser, pg_has_role(r.oid, (select oid from pg_roles where rolname = current_user), 'MEMBER') as member
      from pg_roles r where r.rolname = ${role}`
    if (who.superuser) throw new Error(`DATABASE_URL's role ${role} is a superuser: it could alter the audit log. Connect the app as a role without SUPERUSER`)
    if (who.member) throw new Error(`DATABASE_URL's role ${role} is DATABASE_OWNER_URL's role ${who.owner}, or a member of it: the app would own its audit log. Use two roles`)
    // The owner of a table may disable its triggers or drop it, and the owner of its schema may drop it. Checked
    // before the migrations, which would otherwise fail on such a table with a vaguer "must be owner".
    const owned = await owner<{ name: string }[]>`
      select 'schema ' || n.nspname as name from pg_namespace n where n.nspname = ${APP_SCHEMA} and pg_has_role(${role}::name, n.nspowner, 'MEMBER')
      union all
      select 'table ' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${APP_SCHEMA} and c.relkind in ('r', 'p', 'v', 'm', 'S') and pg_has_role(${role}::name, c.relowner, 'MEMBER')
      order by name limit 5`
    if (owned.length)
      throw new Error(
        `DATABASE_URL's role ${role} owns ${owned.map((o) => o.name).join(', ')}: as its owner it could alter or drop the audit log. ` +
          `Give them to the owner role (as a superuser: REASSIGN OWNED BY ${role} TO ${who.owner}, or ALTER … OWNER TO ${who.owner})`,
      )
    // Objects the app's role created in the schema would be owned by it, and would run with the owner's
    // rights when a migration's unqualified name resolved to one of them (PostgreSQL 14 and older let
    // every role create in public; 15 no longer does).
    const [{ create }] = await owner<{ create: boolean }[]>`select has_schema_privilege(${role}::name, ${APP_SCHEMA}::text, 'CREATE') as create`
    if (create) throw new Error(`DATABASE_URL's role ${role} may create objects in schema ${APP_SCHEMA}: as the owner, run REVOKE CREATE ON SCHEMA ${APP_SCHEMA} FROM PUBLIC (and from ${role})`)
    // The same by another door: a role that may create schemas could create one named as the owner, which the owner's
    // search_path ("$user", public) puts before public.
    const [{ createSchemas }] = await owner<{ createSchemas: boolean }[]>`select has_database_privilege(${role}::name, current_database(), 'CREATE') as "createSchemas"`
    if (createSchemas) throw new Error(`DATABASE_URL's role ${role} may create schemas in this database: as a superuser or the database's owner, run REVOKE CREATE ON DATABASE … FROM ${role} (and from PUBLIC)`)
    await migratePostgresAt(ownerUrl)
    await installJobQueues(ownerUrl)
    await owner.begin(async (tx) => {
      const r = tx(role)
      await tx`grant usage on schema ${tx(APP_SCHEMA)} to ${r}`
      await tx`grant select, insert, update, delete on all tables in schema ${tx(APP_SCHEMA)} to ${r}`
      // nextval for serial ids and document numbers; the app never calls setval.
      await tx`grant usage, select on all sequences in schema ${tx(APP_SCHEMA)} to ${r}`
      for (const table of APPEND_ONLY_TABLES) {
        // REVOKE ALL also takes back TRUNCATE, TRIGGER and REFERENCES should anyone have granted them by hand.
        await tx`revoke all on table ${tx(APP_SCHEMA)}.${tx(table)} from ${r}`
        await tx`grant select, insert on table ${tx(APP_SCHEMA)}.${tx(table)} to ${r}`
      }
      // pg-boss's tables (a queue's partition included) are the app's work queue: it reads and writes them all.
      await tx`grant usage on schema ${tx(BOSS_SCHEMA)} to ${r}`
      await tx`grant select, insert, update, delete on all tables in schema ${tx(BOSS_SCHEMA)} to ${r}`
      await tx`grant usage, select on all sequences in schema ${tx(BOSS_SCHEMA)} to ${r}`
    })
    return { owner: who.owner, runtime: role }
  } finally {
    // Closing the session releases the lock, also when a step failed.
    await owner.end({ timeout: 5 })
  }
}
