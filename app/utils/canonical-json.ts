/** JSON with object keys sorted at every level, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value as object).sort()) out[key] = sortKeys((value as any)[key])
    return out
  }
  return value
}

/** Plain JSON data: Dates become ISO strings, undefined disappears, Sets become arrays. */
export function toPlainJson(value: unknown): unknown {
  if (value === undefined) return null
  return JSON.parse(JSON.stringify(value, (_k, v) => (v instanceof Set ? [...v] : v)))
}
