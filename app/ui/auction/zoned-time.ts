import { dateTimeFormat } from '~/utils/intl'
// Converting between a UTC instant and the wall-clock value of a datetime-local input in the
// user's own time zone (from their account, not the browser's), so a buyer in Shanghai typing
// 14:00 means 14:00 Shanghai time wherever their laptop's clock is set.

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs))
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(utcMs / 1000) * 1000
}

/** "2026-11-22T14:00" in `timeZone` → "2026-11-22T06:00:00.000Z"; '' for an empty or bad value. */
export function localInputToIso(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local)
  if (!m) return ''
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0))
  // Two passes settle the offset across a daylight-saving change.
  let utc = wall - zoneOffsetMs(wall, timeZone)
  utc = wall - zoneOffsetMs(utc, timeZone)
  return new Date(utc).toISOString()
}

/** "2026-11-22T06:00:00.000Z" → "2026-11-22T14:00" in `timeZone`; '' for an empty or bad value. */
export function isoToLocalInput(iso: string, timeZone: string): string {
  const ms = Date.parse(iso)
  if (!iso || Number.isNaN(ms)) return ''
  const local = new Date(ms + zoneOffsetMs(ms, timeZone))
  return local.toISOString().slice(0, 16)
}
