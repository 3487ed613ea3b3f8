import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx, Tx } from '~db/client'
import { channelStockLines, channelStockReports, products } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import type { Actor, DealerActor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { D } from '~/utils/money'
import { withParams } from '~/utils/validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { businessDate } from '~/domain/sales/sales.queries.server'
import { assertDealer } from './channel-access.server'
import { periodStartOf, reportVersion, type PeriodKind } from './channel.rules'
import type { ReportFormInput, ReportLineInput } from './channel.validation'

export type ReportSource = 'form' | 'upload' | 'demo'

export interface ReportWrite {
  kind: PeriodKind
  /** Already the period's first day. */
  periodStart: string
  /** Product ids known to exist, each once. */
  lines: ReportLineInput[]
  source: ReportSource
  /**
   * The version (reportVersion) of the period's report the dealer was told it replaces, '' when it
   * was told the period had none; the write is refused when the period's report is another by then
   * (a colleague's, or a period changed where the page could not say so). Undefined: not checked.
   */
  replaces?: string
}

export interface ReportWritten {
  id: string
  periodStart: string
  replaced: boolean
}

/** A period that has not begun yet cannot have stock counted or sales made: refused. */
export async function assertPeriodStarted(tx: DbOrTx, kind: PeriodKind, periodStart: string, field = 'period') {
  if (periodStart > periodStartOf(kind, await businessDate(tx))) throw new DomainError('bad_input', 'channel:errors.futurePeriod', { [field]: ['channel:errors.futurePeriod'] })
}

type AuditLine = { sku: string; onHand: string; sold: string }

async function auditLines(tx: Tx, reportId: string): Promise<AuditLine[]> {
  const rows = await tx
    .select({ sku: products.sku, onHand: channelStockLines.onHand, sold: channelStockLines.sold })
    .from(channelStockLines)
    .innerJoin(products, eq(products.id, channelStockLines.productId))
    .where(eq(channelStockLines.reportId, reportId))
    .orderBy(asc(products.sku))
  return rows.map((r) => ({ sku: r.sku, onHand: new D(r.onHand).toFixed(), sold: new D(r.sold).toFixed() }))
}

/**
 * Writes a dealer's report for one period inside the caller's transaction. A report that already
 * exists for the period is replaced whole (its lines go, the new ones come), and the audit row
 * keeps what was replaced. The report row is taken under a row lock (or created with ON CONFLICT),
 * so two submissions of one period serialize instead of failing or mixing their lines.
 */
export async function writeChannelReport(tx: Tx, actor: DealerActor, write: ReportWrite, meta: { ip?: string; fileId?: string } = {}): Promise<ReportWritten> {
  const period = and(eq(channelStockReports.dealerOrgId, actor.orgId), eq(channelStockReports.periodKind, write.kind), eq(channelStockReports.periodStart, write.periodStart))
  const [inserted] = await tx
    .insert(channelStockReports)
    .values({ dealerOrgId: actor.orgId, periodKind: write.kind, periodStart: write.periodStart, submittedBy: actor.userId, source: write.source })
    .onConflictDoNothing()
    .returning({ id: channelStockReports.id })
  let reportId: string
  let before: { source: string; submittedBy: string; lines: AuditLine[] } | null = null
  if (inserted) reportId = inserted.id
  else {
    const [current] = await tx.select().from(channelStockReports).where(period).for('update')
    if (!current) throw new DomainError('conflict', 'channel:errors.concurrent')
    if (write.replaces !== undefined && write.replaces !== reportVersion(current.id, current.updatedAt))
      throw new DomainError('conflict', write.source === 'form' ? 'channel:errors.replaceUnconfirmedForm' : 'channel:errors.replaceUnconfirmed')
    reportId = current.id
    before = { source: current.source, submittedBy: current.submittedBy, lines: await auditLines(tx, reportId) }
    await tx.delete(channelStockLines).where(eq(channelStockLines.reportId, reportId))
    await tx
      .update(channelStockReports)
      .set({ submittedBy: actor.userId, source: write.source, updatedAt: sql`now()` })
      .where(eq(channelStockReports.id, reportId))
  }
  await tx.insert(channelStockLines).values(write.lines.map((l) => ({ reportId, productId: l.productId, onHand: l.onHand, sold: l.sold })))
  const after = { periodKind: write.kind, periodStart: write.periodStart, source: write.source, submittedBy: actor.userId, fileId: meta.fileId ?? null, lines: await auditLines(tx, reportId) }
  await recordAudit(tx, { actor, ip: meta.ip }, {
    action: before ? 'channel.report.replaced' : 'channel.report.submitted',
    entityType: 'channel_stock_report',
    entityId: reportId,
    before: before ? { periodKind: write.kind, periodStart: write.periodStart, ...before } : null,
    after,
  })
  return { id: reportId, periodStart: write.periodStart, replaced: Boolean(before) }
}

/** The products that exist and are active, of those asked for, by id. */
export async function activeProducts(tx: DbOrTx, ids: readonly string[]): Promise<Map<string, { sku: string; wholeUnits: boolean }>> {
  if (!ids.length) return new Map()
  const rows = await tx.select({ id: products.id, sku: products.sku, wholeUnits: products.wholeUnits }).from(products).where(and(inArray(products.id, [...ids]), eq(products.active, true)))
  return new Map(rows.map((r) => [r.id, r]))
}

/**
 * A dealer reports its stock and sell-through for a week or a month through the form. The dealer
 * is the session's organization; nothing in the input names one. Nothing is pushed to anyone:
 * the console picks reports up when it next loads.
 */
export async function submitChannelReport(actor: Actor, input: ReportFormInput, meta: { ip?: string } = {}): Promise<ReportWritten> {
  assertDealer(actor)
  const periodStart = periodStartOf(input.kind, input.period)
  return transact(async ({ tx }) => {
    await assertPeriodStarted(tx, input.kind, periodStart)
    const known = await activeProducts(tx, input.lines.map((l) => l.productId))
    const fieldErrors: Record<string, string[]> = {}
    input.lines.forEach((l, i) => {
      const p = known.get(l.productId)
      if (!p) fieldErrors[`lines[${l.row ?? i}].productId`] = ['channel:errors.product']
      else for (const f of ['onHand', 'sold'] as const) if (!fitsUnit(l[f], p.wholeUnits)) fieldErrors[`lines[${l.row ?? i}].${f}`] = [withParams('catalog:errors.wholeUnits', { sku: p.sku })]
    })
    if (Object.keys(fieldErrors).length) throw new DomainError('bad_input', 'errors:bad_input', fieldErrors)
    return writeChannelReport(tx, actor, { kind: input.kind, periodStart, lines: input.lines, source: 'form', replaces: input.replaces }, meta)
  })
}
