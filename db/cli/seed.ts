// npm run db:seed — demo data into an empty database (see shared/spec/demo-data.md).
import { openDatabase, setDatabase } from '../client'
import { migrateWithRoles } from '../owner'
import { seedDemoIfEmpty } from '../seed/demo'

const handle = await openDatabase()
setDatabase(handle)
await migrateWithRoles(handle, process.env.DATABASE_OWNER_URL)
const seeded = await seedDemoIfEmpty({ force: process.argv.includes('--force') })
console.log(seeded ? `demo data seeded (${handle.kind})` : 'database already holds data: nothing seeded')
await handle.close()
