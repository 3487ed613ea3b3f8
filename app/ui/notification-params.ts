// Client-safe: a stored notice's parameters as its reader's language shows them.

/**
 * A name stored in both languages (`orgEn`, `orgZh`) becomes the parameter the text names (`org`) in
 * the reader's language of the moment; a notice written before names were stored both ways kept one
 * (`org`) and reads as it was stored.
 */
export function noticeParams(params: Record<string, string | number>, language: string): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params }
  for (const key of Object.keys(params)) {
    if (!key.endsWith('En')) continue
    const base = key.slice(0, -2)
    const zh = `${base}Zh`
    if (base && Object.hasOwn(params, zh)) out[base] = language === 'en' ? params[key] : params[zh]
  }
  return out
}
