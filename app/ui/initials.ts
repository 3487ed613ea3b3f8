const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u

/**
 * What the avatar circle holds: a Chinese (or Japanese, Korean) name's first character, its surname, as two
 * characters did not fit the circle; a Latin name's first letters of its first and last Latin words
 * ("Alice Chen" → AC, "Dave Zhao 赵大卫" → DZ, "Alice" → A).
 */
export function initialsOf(name: string): string {
  const firsts = name.trim().split(/\s+/).filter(Boolean).map((w) => Array.from(w)[0])
  if (firsts.length === 0) return ''
  if (CJK.test(firsts[0])) return firsts[0]
  const latin = firsts.filter((c) => !CJK.test(c))
  return (latin[0] + (latin.length > 1 ? latin[latin.length - 1] : '')).toUpperCase()
}
