// npm run db:migrate — applies the drizzle-kit migrations to DATABASE_URL (or the embedded database).
import { migrateDatabase, openDatabase } from '../client'

const handle = await openDatabase()
await migrateDatabase(handle)
console.log(`migrated (${handle.kind})`)
await handle.close()
