import { describe, expect, it } from 'vitest'
import { validity } from '~/ui/sales/validity'

// A price list's validity reads as dates in the reader's language, never as ISO text, and a zone
// west of UTC cannot move a calendar date to the day before.
describe("a price list's validity", () => {
  it("reads in the reader's language", () => {
    expect(validity({ validFrom: '2026-01-01', validTo: null }, 'en', 'open-ended')).toBe('1 Jan 2026 → open-ended')
    expect(validity({ validFrom: '2026-01-01', validTo: '2026-12-31' }, 'zh-CN', '长期')).toBe('2026/01/01 → 2026/12/31')
  })
})
