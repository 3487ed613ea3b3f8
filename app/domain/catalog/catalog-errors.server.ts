import { DomainError } from '~/utils/errors'
import { uniqueViolation } from '~/utils/pg-errors.server'

/** A value another record already holds: reported on its field, with nothing written. */
export const duplicateField = (field: string) => new DomainError('conflict', 'errors:field.duplicate', { [field]: ['errors:field.duplicate'] })

/**
 * The unique indexes are the last word on duplicates (two people saving the same SKU at once both
 * pass any check made before their insert); this maps their violation back to the form field.
 */
export function mapUniqueViolation(err: unknown, fields: Record<string, string>): unknown {
  const constraint = uniqueViolation(err)
  if (constraint === null) return err
  const field = fields[constraint]
  return field ? duplicateField(field) : new DomainError('conflict')
}
