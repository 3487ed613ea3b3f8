import { useFetcher, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { supportedLocales } from '~/i18n/config'
import { useRootData } from '~/root'

/** Stored on the user when signed in, in a cookie before. */
export function LanguageSwitcher() {
  const { t } = useTranslation()
  const fetcher = useFetcher()
  const root = useRootData()
  const location = useLocation()
  const current = root?.locale ?? 'zh-CN'
  return (
    <fetcher.Form method="post" action="/settings/locale" className="flex items-center">
      <label htmlFor="locale-switch" className="sr-only">
        {t('language.label')}
      </label>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <select
        id="locale-switch"
        name="locale"
        data-testid="locale-switch"
        value={current}
        onChange={(e) => fetcher.submit(e.currentTarget.form)}
        className="rounded-md border-0 bg-transparent py-1.5 pl-2 pr-7 text-sm text-slate-600 hover:bg-slate-100 focus:ring-2 focus:ring-indigo-500"
      >
        {supportedLocales.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </fetcher.Form>
  )
}
