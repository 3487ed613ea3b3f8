import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'
import { DealerTermsSchema } from '~/domain/sales/sales.validation'
import { parseMessage } from '~/utils/validation'

const terms = (paymentTermsDays: string) => ({ priceTier: 'A', creditLimit: '1000', paymentTermsDays, currency: 'CNY' })
const daysIssues = (v: string) => (DealerTermsSchema.safeParse(terms(v)).error?.issues ?? []).filter((i) => i.path[0] === 'paymentTermsDays').map((i) => i.message)

describe('dealer terms: payment days', () => {
  it('takes whole days from 0 to 365', () => {
    for (const v of ['0', '30', '365']) expect(DealerTermsSchema.parse(terms(v)).paymentTermsDays).toBe(Number(v))
  })

  it('refuses 400, -1, 30.5 and text with a message that names the range', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    for (const v of ['400', '-1', '30.5', 'abc']) {
      const messages = daysIssues(v)
      expect(messages, v).toEqual(['sales:errors.paymentDays|{"min":0,"max":365}'])
      const [key, params] = parseMessage(messages[0])
      expect(i18n.t(key, params)).toBe('Enter whole days from 0 to 365.')
      expect(i18n.getFixedT('zh-CN')(key, params)).toBe('请输入 0 到 365 之间的整数天数。')
    }
  })

  it('refuses a blank field as required instead of reading it as 0 days', () => {
    for (const v of ['', '  ']) expect(daysIssues(v), JSON.stringify(v)).toEqual(['errors:field.required'])
    expect((DealerTermsSchema.safeParse({ priceTier: 'A', creditLimit: '1000', currency: 'CNY' }).error?.issues ?? []).map((i) => i.message)).toEqual(['errors:field.required'])
  })
})
