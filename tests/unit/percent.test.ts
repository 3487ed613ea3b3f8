import { describe, expect, it } from 'vitest'
import { formatPercent } from '~/utils/percent'

describe('formatPercent', () => {
  it('says a percentage given in points one way in both languages: no space, at most 2 decimals, no trailing zeros', () => {
    expect(formatPercent('0.5', 'en')).toBe('0.5%')
    expect(formatPercent('92.40', 'zh-CN')).toBe('92.4%')
    expect(formatPercent('20', 'zh-CN')).toBe('20%')
    expect(formatPercent('1234.5', 'en')).toBe('1,234.5%')
  })
  it('divides as a decimal, so points a float cannot hold stay exact', () => {
    expect(formatPercent('0.29', 'en')).toBe('0.29%')
    expect(formatPercent('33.335', 'en')).toBe('33.34%')
  })
  it('signs a change on request', () => {
    expect(formatPercent('-2.105', 'en', { signed: true })).toBe('-2.11%')
    expect(formatPercent('3', 'zh-CN', { signed: true })).toBe('+3%')
    expect(formatPercent('0', 'en', { signed: true })).toBe('0%')
  })
})
