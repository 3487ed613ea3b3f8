import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { softCloseText } from '~/domain/auction/auction-terms-text'
import { i18nOptions } from '~/i18n/i18n'

const softClose = { windowSeconds: 180, extensionSeconds: 180, trigger: 'new_best' as const, maxExtensions: 10, hardStopAt: '2026-11-24T06:49:00.000Z' }

describe('the soft-close rule in the console summary and the PDF', () => {
  it('reads as the sentence suppliers see, in minutes and words, not "W 180 s, E 180 s"', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    const en = i18n.getFixedT('en', 'auction')
    const zh = i18n.getFixedT('zh-CN', 'auction')
    expect(softCloseText(en, softClose)).toBe('In the last 3 min, a new best bid moves the end to 3 min after it; at most 10 times.')
    expect(softCloseText(zh, softClose)).toBe('结束前 3 分钟内出现新的最优价时，结束时间顺延至该报价后 3 分钟；最多 10 次。')
    expect(softCloseText(en, { ...softClose, windowSeconds: 90, extensionSeconds: 30, trigger: 'any_bid', maxExtensions: 1 })).toBe(
      'In the last 1 min 30 s, any bid moves the end to 30 s after it; at most 1 time.',
    )
    expect(softCloseText(zh, { ...softClose, maxExtensions: null })).toBe('结束前 3 分钟内出现新的最优价时，结束时间顺延至该报价后 3 分钟；次数不限。')
    expect(softCloseText(en, { ...softClose, maxExtensions: 0 })).toBe('The end is not extended by late bids: the auction closes at its end time.')
  })
})
