// npm run db:migrate — applies the drizzle-kit migrations to DATABASE_URL (or the embedded database);
// with DATABASE_OWNER_URL, as that role, then grants DATABASE_URL's role what the app needs (db/owner.ts).
import { openDatabase } from '../client'
import { migrateWithRoles } from '../owner'

const handle = await openDatabase()
await migrateWithRoles(handle, process.env.DATABASE_OWNER_URL)
console.log(`migrated (${handle.kind}${process.env.DATABASE_OWNER_URL ? ', as the owner role' : ''})`)
await handle.close()
