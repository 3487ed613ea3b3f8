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
})
