import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'

// The colleague page's toast names the role saved through the roles' own translations (nesting).
describe('the role-saved toast', () => {
  it('names the role in each language', async () => {
    for (const [lng, text] of [
      ['en', 'Dora Qian 钱朵拉 is now Dealer admin.'],
      ['zh-CN', 'Dora Qian 钱朵拉 现为经销商管理员。'],
    ] as const) {
      const i18n = createInstance()
      await i18n.init({ ...i18nOptions, lng })
      expect(i18n.t('parties:toast.roleSaved', { name: 'Dora Qian 钱朵拉', role: 'dealer_admin' })).toBe(text)
    }
  })

  it('says nothing changed when the role is the one held already', async () => {
    for (const [lng, text] of [
      ['en', 'Dora Qian 钱朵拉 is already Dealer user: nothing changed.'],
      ['zh-CN', 'Dora Qian 钱朵拉 已是经销商用户，未做更改。'],
    ] as const) {
      const i18n = createInstance()
      await i18n.init({ ...i18nOptions, lng })
      expect(i18n.t('parties:toast.roleUnchanged', { name: 'Dora Qian 钱朵拉', role: 'dealer_user' })).toBe(text)
    }
  })
})
