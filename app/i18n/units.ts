import type { Locale } from './config'
import { resources } from './resources'

// A product's unit is a short code typed once ("pcs", "set", "kg"). The common ones read in the
// reader's language (件, 套, 千克); any other is shown as stored, there being nothing to translate.

type UnitKey = keyof (typeof resources)['en']['common']['units']

/**
 * `quantity`: when the unit follows a number ("8 sets", "1 set"), so English counts it; a unit
 * standing alone (a column, "per set") reads as the singular. Chinese names have one form.
 */
export function unitName(unit: string, locale: string, quantity?: string | number): string {
  const common = resources[(locale === 'en' ? 'en' : 'zh-CN') as Locale].common
  const plural = quantity !== undefined && Number(quantity) !== 1
  const names = (plural ? common.unitsPlural : common.units) as Record<UnitKey, string>
  const key = unit.trim().toLowerCase()
  // Own keys only: a unit typed as "constructor" or "__proto__" would otherwise read Object.prototype's.
  return Object.hasOwn(names, key) ? names[key as UnitKey] : unit
}
