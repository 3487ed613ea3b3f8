import { i18nServer } from '~/i18n/i18next.server'
import type { Locale } from '~/i18n/config'
import type { OutgoingMail } from './mail.server'

/**
 * A message in the recipient's language from the `mail` namespace: `<template>.subject` and
 * `<template>.body` (plain text with {{placeholders}}; `{{link}}` is the action link).
 */
export async function renderMail(locale: Locale, template: string, to: string, params: Record<string, string>): Promise<OutgoingMail> {
  const t = await i18nServer.getFixedT(locale, 'mail')
  const subject = t(`${template}.subject`, params) as string
  const text = t(`${template}.body`, params) as string
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.5">${text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line).replace(/(https?:\/\/\S+)/g, '<a href="$1">$1</a>')}</p>`)
    .join('')}</body></html>`
  return { to, subject, text, html }
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
