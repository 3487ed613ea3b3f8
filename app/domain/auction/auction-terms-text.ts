// The soft-close rule in plain words, for the buyer's settings summary and the results PDF: the
// same words suppliers read in their terms (window and extension as minutes, the trigger as "a new
// best bid"), where the console said "W 180 s, E 180 s, new lowest price". Pure over a `t` of the
// auction namespace, so the server's PDF and the page say it alike.
import type { AuctionSettings } from './auction.rules'

type T = (key: string, params?: Record<string, unknown>) => string

export function durationText(t: T, seconds: number): string {
  if (seconds % 60 === 0) return t('portal.duration.minutes', { count: seconds / 60 })
  if (seconds > 60) return t('portal.duration.minutesSeconds', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 })
  return t('portal.duration.seconds', { count: seconds })
}

/** The hard stop is not in the sentence: the summary and the PDF show it on a line of its own. */
export function softCloseText(t: T, softClose: AuctionSettings['softClose']): string {
  if (softClose.maxExtensions === 0) return t('portal.terms.softCloseNone')
  const params = { window: durationText(t, softClose.windowSeconds), extension: durationText(t, softClose.extensionSeconds), trigger: t(`portal.terms.trigger.${softClose.trigger}`) }
  return softClose.maxExtensions === null ? t('console.summary.softCloseUnlimited', params) : t('console.summary.softCloseValue', { ...params, count: softClose.maxExtensions })
}
