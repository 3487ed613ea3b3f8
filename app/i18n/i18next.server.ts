import { createCookie } from '@remix-run/node'
import { createInstance, type i18n, type TFunction } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { defaultLocale, namespaces, supportedLocales, type Locale } from './config'
import { i18nOptions } from './i18n'
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

// Initializing i18next over every bundled namespace costs more than rendering a small page, so the
// server keeps one instance per locale (and one fixed t per locale and namespace) for all requests.
// Nothing on the server changes their language: a request picks the instance of its locale.
const renderInstances = new Map<Locale, Promise<i18n>>()
const fixedTs = new Map<string, Promise<TFunction>>()

/** The shared instance for rendering a page in this locale (entry.server.tsx). */
export function renderI18n(locale: Locale): Promise<i18n> {
  let instance = renderInstances.get(locale)
  if (!instance) {
    const created = createInstance()
    instance = created
      .use(initReactI18next)
      .init({ ...i18nOptions, lng: locale })
      .then(() => created)
    renderInstances.set(locale, instance)
  }
  return instance
}

/** i18nServer.getFixedT, made once per locale and namespace. */
export function fixedT(locale: Locale, ns: string): Promise<TFunction> {
  const key = `${locale}:${ns}`
  let t = fixedTs.get(key)
  if (!t) {
    t = i18nServer.getFixedT(locale, ns) as Promise<TFunction>
    fixedTs.set(key, t)
  }
  return t
}
