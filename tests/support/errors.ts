import { expect } from 'vitest'
import { DomainError } from '~/utils/errors'

/** The database's own message behind drizzle's "Failed query" wrapper. */
export async function dbErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err: any) {
    return String(err?.cause?.message ?? err?.message ?? err)
  }
  throw new Error('expected the query to fail')
}

/** How a command ended: 'ok', or the DomainError's code (anything else as text, so a crash shows in the diff). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (e) => (e instanceof DomainError ? e.code : String(e)),
  )
}

/** The DomainError a command was refused with; the test fails if it succeeded or failed otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => null,
    (e) => e,
  )
  expect(err).toBeInstanceOf(DomainError)
  return err as DomainError
}
