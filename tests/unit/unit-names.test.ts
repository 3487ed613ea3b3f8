import { describe, expect, it } from 'vitest'
import { unitName } from '~/i18n/units'

// Units are codes typed once; the common ones read in the reader's language, any other as typed.
describe("a unit in the reader's language", () => {
  it('names the common units and leaves the rest as stored', () => {
    expect(['pcs', 'set', 'roll', 'kg', 'm'].map((u) => unitName(u, 'zh-CN'))).toEqual(['件', '套', '卷', '千克', '米'])
    expect(unitName('pcs', 'en')).toBe('pcs')
    expect(unitName('PCS', 'zh-CN')).toBe('件')
    expect(unitName('drum', 'zh-CN')).toBe('drum')
  })

  it("reads a unit named like a property every object has as typed (it gave Object.prototype's function or object, which no page can show)", () => {
    for (const u of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) expect(unitName(u, 'zh-CN'), u).toBe(u)
  })

  it('counts in English after a number (8 sets, 1 set, 0.5 kg), and has one form in Chinese', () => {
    expect(['8', '1', '1.000', '0', '2.5'].map((q) => unitName('set', 'en', q))).toEqual(['sets', 'set', 'set', 'sets', 'sets'])
    expect(['pcs', 'box', 'pair', 'roll', 'kg', 'L'].map((u) => unitName(u, 'en', 3))).toEqual(['pcs', 'boxes', 'pairs', 'rolls', 'kg', 'L'])
    expect(unitName('set', 'en')).toBe('set')
    expect(unitName('set', 'zh-CN', '8')).toBe('套')
    expect(unitName('drum', 'en', '8')).toBe('drum')
  })
})
