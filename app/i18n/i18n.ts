import { defaultLocale, namespaces, supportedLocales } from './config'
import { resources } from './resources'

// Shared by the server and the browser instance of i18next.
export const i18nOptions = {
  supportedLngs: [...supportedLocales],
  fallbackLng: defaultLocale,
  defaultNS: 'common',
  ns: [...namespaces],
  resources,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
}
