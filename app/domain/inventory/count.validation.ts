// Client-safe zod schemas and list options of cycle counts' approval.
import { z } from '~/utils/validation'
import { reasonField } from './inventory.validation'

const countIdField = () => z.uuid({ error: 'errors:field.choose' })

/** A second person's decision on a count held beyond tolerance (the count's id is a field: one page lists several). */
export const ApproveCountSchema = z.object({ intent: z.literal('approveCount'), countId: countIdField() }).strict()
export const RejectCountSchema = z.object({ intent: z.literal('rejectCount'), countId: countIdField(), reason: reasonField() }).strict()

export const countStatuses = ['pending', 'approved', 'rejected', 'posted'] as const
export type CountStatus = (typeof countStatuses)[number]
/**
 * The counts list: newest first, pending unless asked otherwise (`status=all` for every count); `by=others` leaves out the
 * viewer's own counts (the ones an approver can decide).
 */
export const countListOptions = { sortable: ['countedAt'] as const, defaultSort: 'countedAt' as const, defaultDir: 'desc' as const, filters: ['status', 'warehouse', 'by'] as const, pageSize: 50 }
