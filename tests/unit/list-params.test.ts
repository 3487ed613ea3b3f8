import { describe, expect, it } from 'vitest'
import { parseListParams } from '~/utils/list-params'

const opts = { sortable: ['number', 'created'] as const, defaultSort: 'created' as const, filters: ['status'], pageSize: 50 }

describe('list params', () => {
  it('takes what the URL says when it is valid', () => {
    const p = parseListParams('http://x/l?q=%20abc%20&page=3&size=10&sort=number&dir=desc&status=paid&other=1', opts)
    expect(p).toEqual({ q: 'abc', page: 3, pageSize: 10, sort: 'number', dir: 'desc', filters: { status: 'paid' } })
  })

  it('falls back per parameter, with each list its own page size', () => {
    expect(parseListParams('http://x/l?page=0&size=999&sort=evil&dir=up', opts)).toMatchObject({ page: 1, pageSize: 50, sort: 'created', dir: 'asc' })
    expect(parseListParams('http://x/l?page=abc&size=-1', { ...opts, pageSize: 20 })).toMatchObject({ page: 1, pageSize: 20 })
    expect(parseListParams('http://x/l?page=2.5', { ...opts, pageSize: undefined })).toMatchObject({ page: 1, pageSize: 25 })
    expect(parseListParams('http://x/l?page=100001', opts).page).toBe(1)
  })

  it('reads page numbers as digits only: hex and exponents are no page', () => {
    expect(parseListParams('http://x/l?page=0x10&size=1e2', opts)).toMatchObject({ page: 1, pageSize: 50 })
    expect(parseListParams('http://x/l?page=%2012%20&size=20', opts)).toMatchObject({ page: 12, pageSize: 20 })
  })

  it('drops NUL characters from the search and the filters (PostgreSQL takes none in text)', () => {
    expect(parseListParams('http://x/l?q=a%00b%00&status=%00paid&sort=number%00', opts)).toMatchObject({ q: 'ab', filters: { status: 'paid' }, sort: 'created' })
    expect(parseListParams('http://x/l?q=%00&status=%00', opts)).toMatchObject({ q: '', filters: {} })
  })
})
