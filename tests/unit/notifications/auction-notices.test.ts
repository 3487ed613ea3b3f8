// The bell's auction notices after the buyer changed an auction: each names the auction and the
// buyer's reason, and a new end reads in the reader's language and zone, to the second (one stored
// notice serves readers in several zones, so the end is stored as a UTC instant).
import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'
import { noticeParams } from '~/ui/notification-params'

async function bellText(lng: 'en' | 'zh-CN', kind: string, params: Record<string, string>, timeZone?: string) {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  return i18n.t(`notifications:kinds.${kind}`, noticeParams(params, i18n.language, timeZone) as never)
}

describe('an auction notice in the bell', () => {
  const title = 'Aluminium housings, Q1 lot'

  it('gives the cancellation\'s and the pause\'s reason in both languages', async () => {
    expect(await bellText('en', 'auction.cancelled', { title, reason: 'Requirement withdrawn' })).toBe('The buyer cancelled the auction “Aluminium housings, Q1 lot”: Requirement withdrawn')
    expect(await bellText('zh-CN', 'auction.cancelled', { title, reason: '需求取消' })).toBe('采购方已取消竞价“Aluminium housings, Q1 lot”：需求取消')
    expect(await bellText('en', 'auction.paused', { title, reason: 'Spec update' })).toBe('The buyer paused the auction “Aluminium housings, Q1 lot”: Spec update')
    expect(await bellText('zh-CN', 'auction.unsuccessful', { title })).toBe('竞价“Aluminium housings, Q1 lot”已流标：报价方不足。')
  })

  it('shows a new end in the reader\'s zone to the second', async () => {
    const endsAt = '2026-11-24T06:02:32.000Z'
    expect(await bellText('en', 'auction.resumed', { title, endsAt }, 'Asia/Shanghai')).toBe('The auction “Aluminium housings, Q1 lot” resumed; it now ends at 24 Nov 2026, 14:02:32.')
    expect(await bellText('zh-CN', 'auction.endExtended', { title, endsAt, reason: '供应商申请' }, 'Europe/Berlin')).toBe(
      '采购方将竞价“Aluminium housings, Q1 lot”的结束时间调整为 2026/11/24 07:02:32：供应商申请',
    )
    // Only a key ending in "At" holding an instant is a time: other text stays as stored.
    expect(noticeParams({ reason: '2026-11-24T06:02:32.000Z', endsAt: 'soon' }, 'en', 'UTC')).toEqual({ reason: '2026-11-24T06:02:32.000Z', endsAt: 'soon' })
  })
})
