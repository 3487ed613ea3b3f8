import { z } from 'zod'

// zod's messages become i18n keys (with their parameters after a '|'), translated where shown.
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined || issue.input === null || issue.input === '' ? 'errors:field.required' : 'errors:field.invalid'
      case 'too_small':
        if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'errors:field.required' : withParams('errors:field.tooShort', { min: issue.minimum })
        if (issue.origin === 'number' || issue.origin === 'bigint') return 'errors:field.positive'
        return 'errors:field.invalid'
      case 'too_big':
        if (issue.origin === 'string') return withParams('errors:field.tooLong', { max: issue.maximum })
        return 'errors:field.invalid'
      case 'invalid_format':
        return issue.format === 'email' ? 'errors:field.email' : 'errors:field.invalid'
      case 'invalid_value':
        return 'errors:field.choose'
      case 'unrecognized_keys':
        return withParams('errors:field.unknownField', { field: issue.keys.join(', ') })
      default:
        return 'errors:field.invalid'
    }
  },
})

export function withParams(key: string, params: Record<string, unknown>) {
  return `${key}|${JSON.stringify(params)}`
}

/** Splits "ns:key|{json}" into what t() takes. */
export function parseMessage(message: string): [string, Record<string, unknown>] {
  const i = message.indexOf('|')
  if (i < 0) return [message, {}]
  try {
    return [message.slice(0, i), JSON.parse(message.slice(i + 1))]
  } catch {
    return [message.slice(0, i), {}]
  }
}

export { z }

/**
 * A whole number as a form or a URL gives it (digits) or a caller passes it (a number). Not a number schema nor
 * z.coerce: both read text with Number(), which takes "0x10" as 16 and "1e3" as 1000, so the auction set-up form took
 * hex and exponents. Anything but digits is the field's own message.
 */
export const wholeNumber = (error = 'errors:field.invalid') =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : Number.NaN
    if (Number.isInteger(n)) return n
    ctx.addIssue({ code: 'custom', message: error })
    return z.NEVER
  })

export const email = () => z.string().trim().toLowerCase().max(254).pipe(z.email())
export const requiredText = (max = 200) => z.string().trim().min(1).max(max)
export const optionalText = (max = 500) =>
  z.string().trim().max(max).optional().transform((v) => (v ? v : undefined))

/**
 * A number as a person types it or a sheet shows it (the app writes 1,000 and ¥12,345.67), as plain text:
 * full-width digits (a Chinese input method's) and separators between whole groups of thousands are read as
 * meant. Anything else comes back as typed for the caller's check to refuse: "1,5" is no thousand, and no
 * comma decimal either. Every decimal field reads through it (readDecimal), the dealer's cart included.
 */
export function plainNumber(value: string): string {
  const v = value
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
  // One kind of separator per number, and only ones people group digits with (a space of any width, an
  // apostrophe): a line break or a tab between digits is two values pasted into one cell, not 12,345.
  return /^-?\d{1,3}([,，' \u00a0\u202f\u3000])\d{3}(\1\d{3})*(\.\d+)?$/.test(v) ? v.replace(/[,，' \u00a0\u202f\u3000]/g, '') : v
}

/** What a decimal field takes: at most `digits` before the point and `scale` after it, and which signs. */
export interface DecimalRule {
  digits: number
  scale: number
  sign: 'positive' | 'nonNegative' | 'any'
}

/** "Too large, at most …" with the largest number a rule takes, written as the app shows numbers: 99,999,999,999,999.99. */
export function tooLargeMessage(rule: DecimalRule): string {
  return withParams('errors:number.tooLarge', { max: groupDigits(rule.scale ? `${'9'.repeat(rule.digits)}.${'9'.repeat(rule.scale)}` : '9'.repeat(rule.digits)) })
}

/** Plain decimal text with its whole part grouped in thousands, as messages name limits: 99999.5 → 99,999.5. */
export function groupDigits(plain: string): string {
  return plain.replace(/^-?\d+/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ','))
}

/**
 * A typed number checked against its rule: its plain text ("1,000.50" → "1000.50", leading zeros and the
 * sign of a zero dropped), or the one message that says what is wrong with it (each problem its own words,
 * so a number too large is not called negative).
 */
export function readDecimal(value: string, rule: DecimalRule): { ok: true; value: string } | { ok: false; message: string } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(plainNumber(value))
  if (!m) return { ok: false, message: 'errors:number.invalid' }
  const int = m[2].replace(/^0+(?=\d)/, '')
  const frac = m[3] ?? ''
  const zero = /^0*$/.test(int + frac)
  const negative = m[1] === '-' && !zero
  if (negative && rule.sign !== 'any') return { ok: false, message: rule.sign === 'positive' ? 'errors:field.positive' : 'errors:number.negative' }
  if (zero && rule.sign === 'positive') return { ok: false, message: 'errors:field.positive' }
  if (frac.length > rule.scale) return { ok: false, message: withParams('errors:number.decimals', { max: rule.scale }) }
  if (int.length > rule.digits) return { ok: false, message: tooLargeMessage(rule) }
  return { ok: true, value: `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}` }
}

/** A required amount or quantity field (readDecimal's rule and messages), given out as plain decimal text. */
export const decimalField = (rule: DecimalRule) =>
  decimalText(
    rule,
    // A blank field is "required", not also "not a number"; aborting also spares the form's own refinements a blank.
    z.string().trim().min(1, { abort: true }),
  )

/**
 * decimalField for a spreadsheet row, where one answer lists every problem of the row: a blank cell is "required" without
 * aborting, so the row's other refinements still judge it (they read the raw cell, and must check it is a number).
 */
export const decimalCell = (rule: DecimalRule) => decimalText(rule, z.string().trim().min(1))

const decimalText = (rule: DecimalRule, text: z.ZodString) =>
  text.transform((s, ctx) => {
    const read = readDecimal(s, rule)
    if (read.ok) return read.value
    ctx.addIssue({ code: 'custom', message: read.message })
    return z.NEVER
  })
