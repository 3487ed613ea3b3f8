// Once per run on PostgreSQL: a migrated template database that each test file copies.
import postgres from 'postgres'
import { migrateDatabase, openDatabase } from '~db/client'
import { adminUrl, templateDb, urlFor } from './pg-urls'

export default async function setup() {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${templateDb()} with (force)`)
  await admin.unsafe(`create database ${templateDb()}`)
  const handle = await openDatabase({ url: urlFor(templateDb()), poolSize: 1 })
  await migrateDatabase(handle)
  await handle.close()
  await admin.end()
  return async () => {
    const a = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    const leftovers = await a<{ datname: string }[]>`select datname from pg_database where datname like ${templateDb() + '%'}`
    for (const { datname } of leftovers) await a.unsafe(`drop database if exists ${datname} with (force)`)
    await a.end()
  }
}
