import { useFetcher, useLocation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { supportedLocales } from '~/i18n/config'
import { useRootData } from '~/root'

/**
 * Stored on the user when signed in, in a cookie before. One choice is sent at a time: a second
 * choice made while the first is on its way waits for it, so the server stores them in the order
 * they were made (sent at once, two requests could be stored in either order, leaving the earlier).
 */
export function LanguageSwitcher() {
  const { t } = useTranslation()
  const fetcher = useFetcher()
  const root = useRootData()
  const location = useLocation()
  const [queued, setQueued] = useState<string | null>(null)
  const redirectTo = location.pathname + location.search
  const send = (locale: string) => fetcher.submit({ locale, redirectTo }, { method: 'post', action: '/settings/locale' })
  useEffect(() => {
    if (fetcher.state !== 'idle' || queued === null) return
    // Sent even when it matches the locale on screen: that may be a root revalidation behind.
    setQueued(null)
    send(queued)
  }, [fetcher.state, queued])
  const inFlight = fetcher.formData?.get('locale')
  const shown = queued ?? (typeof inFlight === 'string' ? inFlight : null) ?? root?.locale ?? 'zh-CN'
  return (
    <fetcher.Form method="post" action="/settings/locale" className="flex items-center">
      <label htmlFor="locale-switch" className="sr-only">
        {t('language.label')}
      </label>
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <select
        id="locale-switch"
        name="locale"
        data-testid="locale-switch"
        value={shown}
        onChange={(e) => (fetcher.state === 'idle' ? send(e.currentTarget.value) : setQueued(e.currentTarget.value))}
        // Narrower on a phone (the native arrow keeps its own room): the header's width goes to the organization's name.
        className="rounded-md border-0 bg-transparent py-1.5 pl-2 pr-7 text-sm text-slate-600 hover:bg-slate-100 focus:ring-2 focus:ring-indigo-500 max-sm:px-1"
      >
        {supportedLocales.map((l) => (
          // Each language's name is written in that language: read in its own voice (WCAG 3.1.2).
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </fetcher.Form>
  )
}
