// Once per run on PostgreSQL: a migrated template database, and a copy of it with the demo seed,
// that each test file copies. The names are unique per run, so two runs on one server (developers
// side by side) never drop each other's.
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { migrateDatabase, openDatabase } from '~db/client'
import { adminUrl, noCommitFlush, templatePrefix, urlFor } from './pg-urls'
import { seedInto } from './seed-into'

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string
    pgSeededTemplate: string
  }
}

export default async function setup(project: TestProject) {
  const template = `${templatePrefix()}_${randomBytes(4).toString('hex')}`
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${template}`)
  await admin.unsafe(noCommitFlush(template))
  const handle = await openDatabase({ url: urlFor(template), poolSize: 1 })
  await migrateDatabase(handle)
  await handle.close()
  const seeded = `${template}_seeded`
  await admin.unsafe(`create database ${seeded} template ${template}`)
  await admin.unsafe(noCommitFlush(seeded))
  const seededHandle = await openDatabase({ url: urlFor(seeded), poolSize: 1 })
  try {
    await seedInto(seededHandle)
  } finally {
    await seededHandle.close()
  }
  await admin.end()
  project.provide('pgTemplate', template)
  project.provide('pgSeededTemplate', seeded)
  return async () => {
    const a = postgres(adminUrl(), { max: 1, onnotice: () => {} })
    const leftovers = await a<{ datname: string }[]>`select datname from pg_database where datname like ${template + '%'}`
    for (const { datname } of leftovers) await a.unsafe(`drop database if exists ${datname} with (force)`)
    await a.end()
  }
}
