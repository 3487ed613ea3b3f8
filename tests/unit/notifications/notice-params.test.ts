import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'
import { noticeParams } from '~/ui/notification-params'

// A bell notice about a person names the organization in the reader's language of the moment: the
// names are stored both ways and chosen as the bell renders, as the browser does it.
async function bellText(lng: 'en' | 'zh-CN', kind: string, params: Record<string, string>) {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  return i18n.t(`notifications:kinds.${kind}`, noticeParams(params, i18n.language) as never)
}

describe('a notice about a person, after a language switch', () => {
  const joined = { name: 'Sam Tester 孙测试', orgEn: 'Shenzhen Bright Components', orgZh: '深圳明亮电子元件有限公司' }

  it('reads whole in the language the reader has now, whichever they had when it was written', async () => {
    expect(await bellText('en', 'org.user_added', joined)).toBe('Sam Tester 孙测试 joined Shenzhen Bright Components.')
    expect(await bellText('zh-CN', 'org.user_added', joined)).toBe('Sam Tester 孙测试 已加入 深圳明亮电子元件有限公司。')
    const invited = { inviter: 'Alice Chen 陈爱丽', email: 'tom@bright.test', orgEn: 'Shenzhen Bright Components', orgZh: '深圳明亮电子元件有限公司' }
    expect(await bellText('en', 'user.invited', invited)).toBe('Alice Chen 陈爱丽 invited tom@bright.test to Shenzhen Bright Components.')
  })

  it('keeps a notice stored before with its one name readable as stored', async () => {
    expect(await bellText('en', 'org.user_added', { name: 'Sam', org: '深圳明亮电子元件有限公司' })).toBe('Sam joined 深圳明亮电子元件有限公司.')
    expect(noticeParams({ name: 'x', count: 3 }, 'en')).toEqual({ name: 'x', count: 3 })
    // A parameter that merely ends in "En" without its pair is left alone.
    expect(noticeParams({ tokenEn: 'a' }, 'zh-CN')).toEqual({ tokenEn: 'a' })
  })
})
