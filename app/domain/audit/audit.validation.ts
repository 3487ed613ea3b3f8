import { z } from '~/utils/validation'

// Client-safe: the audit log's filters, as read from the list URL and the export link.

export const auditFilterKeys = ['actor', 'action', 'entityType', 'entityId', 'outcome', 'from', 'to'] as const
export type AuditFilterKey = (typeof auditFilterKeys)[number]

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors:field.invalid')
  // Rejects 2026-02-30 and the like, which the regex alone lets through.
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
  }, 'errors:field.invalid')

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional())

const filterShape = {
  /** Free text over action, entity and actor. */
  q: optional(z.string().trim().max(200)),
  /** Part of the actor's e-mail or name. */
  actor: optional(z.string().trim().max(200)),
  /** Start of the action name: "auth." matches auth.sign_in and auth.sign_out. */
  action: optional(z.string().trim().max(100)),
  entityType: optional(z.string().trim().max(100)),
  entityId: optional(z.string().trim().max(200)),
  outcome: optional(z.enum(['ok', 'denied'])),
  /** Calendar days in the viewer's time zone, both inclusive. */
  from: optional(isoDay),
  to: optional(isoDay),
}

const withDayOrder = <T extends { from?: string; to?: string }>(v: T, ctx: z.RefinementCtx) => {
  if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'audit:filters.toBeforeFrom' })
}

export const AuditFilterSchema = z.object(filterShape).strict().superRefine(withDayOrder)
export type AuditFilter = z.output<typeof AuditFilterSchema>

export const exportFormats = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const AuditExportSchema = z
  .object({ ...filterShape, format: z.enum(exportFormats) })
  .strict()
  .superRefine(withDayOrder)

/** Only the keys a filter uses, for links (export, reset) that must carry the same filter. */
export function filterSearchParams(filter: AuditFilter): URLSearchParams {
  const sp = new URLSearchParams()
  if (filter.q) sp.set('q', filter.q)
  for (const k of auditFilterKeys) {
    const v = filter[k]
    if (v) sp.set(k, v)
  }
  return sp
}

/** The most rows one export may hold; a bigger log is exported in narrower date ranges. */
export const EXPORT_ROW_CAP = 100_000
