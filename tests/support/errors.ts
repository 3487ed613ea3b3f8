/** The database's own message behind drizzle's "Failed query" wrapper. */
export async function dbErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err: any) {
    return String(err?.cause?.message ?? err?.message ?? err)
  }
  throw new Error('expected the query to fail')
}
