import { setDatabase, type DbHandle } from '~db/client'
import { seedDemo } from '~db/seed/demo'

/** Writes the demo data into this database; the seed works on the process-wide handle, so it is lent for the while. */
export async function seedInto(handle: DbHandle) {
  setDatabase(handle)
  try {
    await seedDemo()
  } finally {
    setDatabase(undefined)
  }
}
