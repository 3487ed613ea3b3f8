// The countdown's text: hours only when there are any, never negative, rounded up so "00:00"
// means the end has come.
import { describe, expect, it } from 'vitest'
import { formatCountdown } from '~/realtime/use-auction-room'

describe('formatCountdown', () => {
  it('formats minutes and seconds under an hour, hours from an hour up', () => {
    expect(formatCountdown(123_000)).toBe('02:03')
    expect(formatCountdown(3_723_000)).toBe('01:02:03')
    expect(formatCountdown(3_600_000)).toBe('01:00:00')
    expect(formatCountdown(59 * 60_000 + 59_000)).toBe('59:59')
  })
  it('rounds a partial second up and stops at zero', () => {
    expect(formatCountdown(1)).toBe('00:01')
    expect(formatCountdown(999)).toBe('00:01')
    expect(formatCountdown(0)).toBe('00:00')
    expect(formatCountdown(-5000)).toBe('00:00')
  })
})
