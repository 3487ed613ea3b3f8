import type { Locale } from './config'
import { resources } from './resources'

// A product's unit is a short code typed once ("pcs", "set", "kg"). The common ones read in the
// reader's language (件, 套, 千克); any other is shown as stored, there being nothing to translate.

type UnitKey = keyof (typeof resources)['en']['common']['units']

export function unitName(unit: string, locale: string): string {
  const names = resources[(locale === 'en' ? 'en' : 'zh-CN') as Locale].common.units as Record<UnitKey, string>
  const key = unit.trim().toLowerCase()
  // Own keys only: a unit typed as "constructor" or "__proto__" would otherwise read Object.prototype's.
  return Object.hasOwn(names, key) ? names[key as UnitKey] : unit
}
