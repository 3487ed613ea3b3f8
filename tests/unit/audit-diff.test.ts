import { describe, expect, it } from 'vitest'
import { changedCount, diffAuditValues, readAuditValue } from '~/domain/audit/audit-diff.rules'

describe('audit before/after diff', () => {
  it('marks changed, added, removed and unchanged keys', () => {
    const d = diffAuditValues({ name: 'A', qty: 1, gone: true }, { name: 'B', qty: 1, colour: 'red' })
    expect(d).toEqual([
      { path: 'colour', kind: 'added', after: 'red' },
      { path: 'gone', kind: 'removed', before: true },
      { path: 'name', kind: 'changed', before: 'A', after: 'B' },
      { path: 'qty', kind: 'unchanged', before: 1, after: 1 },
    ])
    expect(changedCount(d)).toBe(3)
  })

  it('walks nested objects by dotted path and compares arrays and deep objects whole', () => {
    const d = diffAuditValues(
      { address: { city: 'Ningbo', zip: '315000' }, tags: ['a', 'b'], deep: { a: { b: { c: { d: { e: 1 } } } } } },
      { address: { city: 'Shanghai', zip: '315000' }, tags: ['a', 'b'], deep: { a: { b: { c: { d: { e: 2 } } } } } },
    )
    expect(d.map((e) => [e.path, e.kind])).toEqual([
      ['address.city', 'changed'],
      ['address.zip', 'unchanged'],
      ['deep.a.b.c', 'changed'],
      ['tags', 'unchanged'],
    ])
  })

  it('ignores key order, which jsonb does not keep', () => {
    expect(changedCount(diffAuditValues({ x: { a: 1, b: 2 } }, { x: { b: 2, a: 1 } }))).toBe(0)
  })

  it('shows a creation as all added and a deletion as all removed', () => {
    expect(diffAuditValues(null, { a: 1 })).toEqual([{ path: 'a', kind: 'added', after: 1 }])
    expect(diffAuditValues({ a: 1 }, null)).toEqual([{ path: 'a', kind: 'removed', before: 1 }])
    expect(diffAuditValues(null, null)).toEqual([])
  })

  it('compares scalar values at the root', () => {
    expect(diffAuditValues('draft', 'sent')).toEqual([{ path: '', kind: 'changed', before: 'draft', after: 'sent' }])
    expect(diffAuditValues(null, 5)).toEqual([{ path: '', kind: 'added', after: 5 }])
  })

  it('reads values in the reader’s words: keys named, true/false/null as words, a list of records one per line', () => {
    const names: Record<string, string> = { sku: 'SKU', quantity: 'Quantity' }
    const en = { label: (k: string) => names[k] ?? k, yes: 'yes', no: 'no', none: 'none', locale: 'en' }
    const zh = { label: (k: string) => ({ sku: '物料编码', quantity: '数量' })[k] ?? k, yes: '是', no: '否', none: '无', locale: 'zh-CN' }
    expect(readAuditValue('x', en)).toEqual(['x'])
    expect(readAuditValue(12.5, en)).toEqual(['12.5'])
    expect(readAuditValue(true, en)).toEqual(['yes'])
    expect(readAuditValue(false, zh)).toEqual(['否'])
    expect(readAuditValue(null, zh)).toEqual(['无'])
    expect(readAuditValue(undefined, en)).toEqual([''])
    expect(readAuditValue(['a', 'b'], en)).toEqual(['a, b'])
    expect(readAuditValue(['a', 'b'], zh)).toEqual(['a、b'])
    expect(readAuditValue([], en)).toEqual(['none'])
    const lines = [{ sku: 'EL-1002', quantity: '2' }, { sku: 'MT-2001', quantity: '5' }]
    expect(readAuditValue(lines, en)).toEqual(['SKU: EL-1002, Quantity: 2', 'SKU: MT-2001, Quantity: 5'])
    expect(readAuditValue(lines, zh)).toEqual(['物料编码：EL-1002，数量：2', '物料编码：MT-2001，数量：5'])
    // A key without a name yet reads as recorded.
    expect(readAuditValue({ colour: 'red' }, en)).toEqual(['colour: red'])
  })

  it('groups recorded decimals in the reader’s language, keeping their digits, and names the ids the page knows', () => {
    const words = { label: (k: string) => k, yes: 'yes', no: 'no', none: 'none', locale: 'en' }
    expect(readAuditValue('499665.63', words)).toEqual(['499,665.63'])
    expect(readAuditValue('1.2800', words)).toEqual(['1.2800'])
    expect(readAuditValue('-12000.5', { ...words, locale: 'zh-CN' })).toEqual(['-12,000.5'])
    // Integers and other text stay as recorded: a tracking number, a postcode, a year.
    expect(readAuditValue('SF1402238815', words)).toEqual(['SF1402238815'])
    expect(readAuditValue('315000', words)).toEqual(['315000'])
    expect(readAuditValue(2026, words)).toEqual(['2026'])
    const id = '67a1f90f-8da9-49c2-9d7a-8e4efe8bff2b'
    expect(readAuditValue([{ productId: id, quantity: '150' }], { ...words, names: { [id]: 'EL-1001' } })).toEqual(['productId: EL-1001, quantity: 150'])
    expect(readAuditValue(id, words)).toEqual([id])
  })
})
