import type { Locale } from './config'
import { resources } from './resources'

// A partner's region is free text, typed once in whichever language (the demo's are "East China" and
// the like). The regions of China the app knows (parties:regions) are recognized in either language,
// so "East China", "east china", "华东" and "华东地区" all read 华东 in Chinese and East China in English;
// any other text is shown as it was typed, since there is nothing to translate it from.

type RegionKey = keyof (typeof resources)['en']['parties']['regions']

const comparable = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_]+/g, '')
    .replace(/(地区|region)$/, '')

const known = new Map<string, RegionKey>()
for (const locale of Object.keys(resources) as Locale[])
  for (const [key, name] of Object.entries(resources[locale].parties.regions)) known.set(comparable(name), key as RegionKey)

/** A stored region in the reader's language when it is one the app knows; otherwise as stored. */
export function regionName(region: string, locale: Locale): string {
  const key = known.get(comparable(region))
  return key ? resources[locale].parties.regions[key] : region
}

/**
 * One spelling per region, to group and filter by: a region the app knows in its English name
 * ("华东" and "east china" are both East China), any other as typed, trimmed.
 */
export function regionCanonical(region: string): string {
  const key = known.get(comparable(region))
  return key ? resources.en.parties.regions[key] : region.trim()
}
