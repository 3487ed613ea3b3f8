import { describe, expect, it } from 'vitest'
import { localeCookie } from '~/i18n/i18next.server'
import { headerLocale, refusal } from '~/utils/refusal.server'

describe('refusals answered outside a page', () => {
  it('are plain text in the reader’s language', async () => {
    const zh = refusal('not_found', 'zh-CN', { 'Cache-Control': 'no-store' })
    expect([zh.status, zh.headers.get('content-type'), zh.headers.get('cache-control'), await zh.text()]).toEqual([404, 'text/plain; charset=utf-8', 'no-store', '未找到。'])
    expect(await refusal('too_large', 'en').text()).toBe('The request is too large.')
  })

  it('take the language before sign-in from the language cookie, then the browser, then Chinese', async () => {
    expect(await headerLocale({ 'accept-language': 'en-GB,en;q=0.9' })).toBe('en')
    expect(await headerLocale({ 'accept-language': 'en-GB', cookie: await localeCookie.serialize('zh-CN') })).toBe('zh-CN')
    expect(await headerLocale({ 'accept-language': 'fr-FR' })).toBe('zh-CN')
    expect(await headerLocale({})).toBe('zh-CN')
  })
})
