import { db, type Tx } from './client'

export type AfterCommit = (fn: () => void | Promise<void>) => void

export interface TxContext {
  tx: Tx
  /** Runs once the transaction has committed: events and jobs are never published for a rollback. */
  afterCommit: AfterCommit
}

export async function transact<T>(fn: (ctx: TxContext) => Promise<T>): Promise<T> {
  const pending: Array<() => void | Promise<void>> = []
  const result = await db().transaction(async (tx) => fn({ tx, afterCommit: (cb) => pending.push(cb) }))
  for (const cb of pending) {
    try {
      await cb()
    } catch (err) {
      console.error('after-commit callback failed', err)
    }
  }
  return result
}
