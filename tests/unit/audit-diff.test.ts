import { describe, expect, it } from 'vitest'
import { changedCount, diffAuditValues, displayJsonValue } from '~/domain/audit/audit-diff.rules'

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

  it('displays strings as they are and other values as JSON', () => {
    expect(displayJsonValue('x')).toBe('x')
    expect(displayJsonValue({ a: [1] })).toBe('{"a":[1]}')
    expect(displayJsonValue(null)).toBe('null')
    expect(displayJsonValue(undefined)).toBe('')
  })
})
