// WCAG 2.2 contrast of Tailwind colour classes, from Tailwind's own palette (the project does not
// extend it), so a test can check the classes a component renders instead of a copied hex value.
import colors from 'tailwindcss/colors'

const palette = colors as unknown as Record<string, Record<string, string> | string>

/** The hex of a Tailwind colour class such as `text-slate-500` or `bg-slate-100` (white and black too). */
export function tailwindHex(cls: string): string {
  const m = /^(?:text|bg|border)-([a-z]+)(?:-(\d{2,3}))?$/.exec(cls)
  if (!m) throw new Error(`not a colour class: ${cls}`)
  const family = palette[m[1]]
  const hex = typeof family === 'string' ? family : family?.[m[2] ?? '']
  if (!hex || !hex.startsWith('#')) throw new Error(`no Tailwind colour for ${cls}`)
  return hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex
}

function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The contrast ratio of two hex colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** The text colour class and (when it has one) the background class in a class attribute. */
export function colourClasses(className: string): { text: string | null; bg: string | null } {
  const classes = className.split(/\s+/)
  const colour = (prefix: string) => classes.find((c) => new RegExp(`^${prefix}-(white|black|[a-z]+-\\d{2,3})$`).test(c)) ?? null
  return { text: colour('text'), bg: colour('bg') }
}

/** The ratio of an element's text on its own background, or on `background` (a card's white) when it has none. */
export function classContrast(className: string, background = 'bg-white'): number {
  const { text, bg } = colourClasses(className)
  if (!text) throw new Error(`no text colour in "${className}"`)
  return contrastRatio(tailwindHex(text), tailwindHex(bg ?? background))
}
