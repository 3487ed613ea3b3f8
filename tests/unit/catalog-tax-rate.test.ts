import { describe, expect, it } from 'vitest'
import { percentToRate } from '~/domain/catalog/catalog.rules'

describe('a tax rate typed with a Chinese input method', () => {
  // The product form refused １３％ (full-width digits) while it took １３'s ％ and every stock quantity took full-width digits.
  it('reads full-width digits and point as the ASCII ones', () => {
    expect(percentToRate('１３％')).toBe('0.1300')
    expect(percentToRate('９．５')).toBe('0.0950')
    expect(percentToRate('１００％')).toBeNull()
  })
})
