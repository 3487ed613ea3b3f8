import { outOfRangeRefusal } from '~/utils/pg-errors.server'
import { db, type Tx } from './client'

export type AfterCommit = (fn: () => void | Promise<void>) => void

export interface TxContext {
  tx: Tx
  /** Runs once the transaction has committed: events and jobs are never published for a rollback. */
  afterCommit: AfterCommit
}

export async function transact<T>(fn: (ctx: TxContext) => Promise<T>): Promise<T> {
  const pending: Array<() => void | Promise<void>> = []
  let result: T
  try {
    result = await db().transaction(async (tx) => fn({ tx, afterCommit: (cb) => pending.push(cb) }))
  } catch (err) {
    // Rolled back: a number too large for its column is the input's fault, answered 422 rather than 500.
    throw outOfRangeRefusal(err) ?? err
  }
  for (const cb of pending) {
    try {
      await cb()
    } catch (err) {
      console.error('after-commit callback failed', err)
    }
  }
  return result
}
