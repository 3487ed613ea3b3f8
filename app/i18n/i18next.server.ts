import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { defaultLocale, namespaces, supportedLocales } from './config'
import { resources } from './resources'

/** Remembers the language chosen before sign-in; a signed-in user's choice lives on the user. */
export const localeCookie = createCookie('lng', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 60 * 60 * 24 * 365 })

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    order: ['cookie', 'header'],
  },
  i18next: { resources, ns: [...namespaces], defaultNS: 'common', fallbackLng: defaultLocale, interpolation: { escapeValue: false } },
})
