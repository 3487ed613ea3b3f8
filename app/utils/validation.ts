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

export const email = () => z.string().trim().toLowerCase().max(254).pipe(z.email())
export const requiredText = (max = 200) => z.string().trim().min(1).max(max)
export const optionalText = (max = 500) =>
  z.string().trim().max(max).optional().transform((v) => (v ? v : undefined))
