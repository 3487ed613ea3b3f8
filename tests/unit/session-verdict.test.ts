import { describe, expect, it } from 'vitest'
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, sessionVerdict } from '~/auth/session.server'

const now = Date.parse('2026-11-22T12:00:00Z')
const at = (msFromNow: number) => new Date(now + msFromNow)

describe('session verdict (sliding idle window, absolute lifetime)', () => {
  it('keeps a session in the first half of its idle window as it is', () => {
    expect(sessionVerdict({ expiresAt: at(IDLE_TIMEOUT_MS / 2 + 1000), createdAt: at(-60_000) }, now)).toBe('valid')
  })

  it('extends a session in the second half of its idle window', () => {
    expect(sessionVerdict({ expiresAt: at(IDLE_TIMEOUT_MS / 2), createdAt: at(-60_000) }, now)).toBe('extend')
    expect(sessionVerdict({ expiresAt: at(1), createdAt: at(-60_000) }, now)).toBe('extend')
  })

  it('ends a session at its idle expiry', () => {
    expect(sessionVerdict({ expiresAt: at(0), createdAt: at(-60_000) }, now)).toBe('dead')
    expect(sessionVerdict({ expiresAt: at(-1), createdAt: at(-60_000) }, now)).toBe('dead')
  })

  it('ends a session past its absolute lifetime however recently it was used', () => {
    expect(sessionVerdict({ expiresAt: at(IDLE_TIMEOUT_MS), createdAt: at(-ABSOLUTE_TIMEOUT_MS) }, now)).toBe('valid')
    expect(sessionVerdict({ expiresAt: at(IDLE_TIMEOUT_MS), createdAt: at(-ABSOLUTE_TIMEOUT_MS - 1) }, now)).toBe('dead')
  })
})
