import { describe, expect, it } from 'vitest'
import { sampleSupplierView } from '~/ui/auction/supplier-preview'
import { isoToLocalInput, localInputToIso } from '~/ui/auction/zoned-time'

describe("the set-up form's supplier preview", () => {
  it('shows rank only, then the best price, then the anonymized ladder, as the visibility says', () => {
    const view = (visibility: 'rank' | 'best' | 'ladder') => sampleSupplierView({ visibility, currency: 'CNY', ceiling: '10000', decrementPercent: '0.5', locale: 'en' })
    expect(view('rank')).toMatchObject({ myRank: 2, bestPrice: null, ladder: null })
    expect(view('best')).toMatchObject({ myRank: 2, bestPrice: '9400.00', ladder: null })
    expect(view('ladder').ladder?.map((r) => [r.rank, r.alias, r.isMe])).toEqual([[1, 'C', false], [2, 'B', true], [3, 'A', false]])
  })

  it('is the real supplier projection: no rival ids and no reserve field, whatever is typed', () => {
    const text = JSON.stringify(sampleSupplierView({ visibility: 'ladder', currency: 'nope', ceiling: 'abc', locale: 'zh-CN' }))
    expect(text).not.toMatch(/rival|reserve/)
  })
})

describe('datetime-local values in the user’s time zone', () => {
  it('reads the wall clock in the account’s zone, not the machine’s, both ways and across DST', () => {
    expect(localInputToIso('2026-11-22T14:00', 'Asia/Shanghai')).toBe('2026-11-22T06:00:00.000Z')
    expect(isoToLocalInput('2026-11-22T06:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-22T14:00')
    expect(localInputToIso('2026-07-01T09:30', 'Europe/Berlin')).toBe('2026-07-01T07:30:00.000Z')
    expect(localInputToIso('2026-01-01T09:30', 'Europe/Berlin')).toBe('2026-01-01T08:30:00.000Z')
    expect(localInputToIso('', 'Asia/Shanghai')).toBe('')
    expect(isoToLocalInput('garbage', 'Asia/Shanghai')).toBe('')
  })
})
