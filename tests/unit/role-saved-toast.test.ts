import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'

async function toast(lng: 'en' | 'zh-CN', key: string, params: Record<string, string>) {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  return i18n.t(key, params)
}

// The colleague page's toast names the role saved through the roles' own translations (nesting).
describe('the role-saved toast', () => {
  it('names the role in each language', async () => {
    expect(await toast('en', 'parties:toast.roleSaved', { name: 'Dora Qian 钱朵拉', role: 'dealer_admin' })).toBe('Dora Qian 钱朵拉 is now Dealer admin.')
    expect(await toast('zh-CN', 'parties:toast.roleSaved', { name: 'Dora Qian 钱朵拉', role: 'dealer_admin' })).toBe('Dora Qian 钱朵拉 现为经销商管理员。')
  })

  it('says nothing changed when the role is the one held already', async () => {
    expect(await toast('en', 'parties:toast.roleUnchanged', { name: 'Dora Qian 钱朵拉', role: 'dealer_user' })).toBe('Dora Qian 钱朵拉 already has the role Dealer user: nothing changed.')
    expect(await toast('zh-CN', 'parties:toast.roleUnchanged', { name: 'Dora Qian 钱朵拉', role: 'dealer_user' })).toBe('Dora Qian 钱朵拉 已是经销商用户，未做更改。')
  })
})
