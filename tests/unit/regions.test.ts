import { describe, expect, it } from 'vitest'
import { regionName } from '~/i18n/regions'

describe('region names', () => {
  it('reads a known region in the reader’s language, however it was typed', () => {
    expect(regionName('East China', 'zh-CN')).toBe('华东')
    expect(regionName('east  china', 'zh-CN')).toBe('华东')
    expect(regionName('华东地区', 'en')).toBe('East China')
    expect(regionName('North-East China', 'zh-CN')).toBe('东北')
    expect(regionName('华南', 'zh-CN')).toBe('华南')
  })

  it('shows any other region as it was typed', () => {
    expect(regionName('Hainan Free Trade Port', 'zh-CN')).toBe('Hainan Free Trade Port')
    expect(regionName('长三角', 'en')).toBe('长三角')
  })
})
