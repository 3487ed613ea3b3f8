import { createCookie } from '@remix-run/node'
import { createInstance, type i18n, type TFunction } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { defaultLocale, namespaces, supportedLocales, type Locale } from './config'
import { i18nOptions } from './i18n'
import { resources } from './resources'

/** Remembers the language chosen before sign-in; a signed-in user's choice lives on the user. */
export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    order: ['cookie', 'header'],
  },
  i18next: {
    resources,
    ns: [...namespaces],
    defaultNS: 'common',
    fallbackLng: defaultLocale,
    interpolation: { escapeValue: false },
  },
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
      .then(() => memoizeLookups(created))
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

const MAX_REMEMBERED = 20_000

/**
 * A page calls t() hundreds of times, mostly with the same arguments (column heads, status names in
 * every row, "page 2 of 9"), and i18next resolves each call afresh (language hierarchy, namespaces,
 * nesting, plural rules, interpolation). The server's resources never change, so a call whose
 * options are all strings, numbers, booleans or lists of strings has one answer: remember it.
 * Calls with an object or function among the options (returnObjects, values to format) go to i18next.
 * Interpolated values make the set of calls open-ended, so it is emptied when it grows past a bound.
 */
function memoizeLookups(instance: i18n): i18n {
  const translate = instance.t.bind(instance) as (key: unknown, opts?: unknown) => unknown
  const answers = new Map<string, string>()
  instance.t = ((key: unknown, opts?: Record<string, unknown>) => {
    if (typeof key !== 'string' || (opts !== undefined && (typeof opts !== 'object' || opts === null))) return translate(key, opts)
    let id = key
    if (opts) {
      for (const name in opts) {
        const value = opts[name]
        if (value === undefined) continue
        const type = typeof value
        let text: string
        if (type === 'string') text = JSON.stringify(value)
        // null included: react-i18next's fixed t passes lngs: null when the language is the instance's.
        else if (type === 'number' || type === 'boolean' || value === null) text = String(value)
        // Namespaces and languages come as arrays of strings (react-i18next's fixed t passes ns so).
        else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = JSON.stringify(value)
        else return translate(key, opts)
        // Strings are quoted (JSON escapes any NUL in them), so no two different calls share an id.
        id += `\u0000${name}\u0000${text}`
      }
    }
    const known = answers.get(id)
    if (known !== undefined) return known
    const answer = translate(key, opts)
    if (typeof answer === 'string') {
      if (answers.size >= MAX_REMEMBERED) answers.clear()
      answers.set(id, answer)
    }
    return answer
  }) as typeof instance.t
  return instance
}
