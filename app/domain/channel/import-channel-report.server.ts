import { and, eq, inArray } from 'drizzle-orm'
import { db } from '~db/client'
import { products } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { inImportTransaction, readImportFile, type ImportOutcome } from '~/domain/catalog/catalog-import.server'
import { validateGrid, type RowIssue } from '~/domain/catalog/catalog-import.rules'
import type { Upload } from '~/domain/files/store-file.server'
import { assertDealer } from './channel-access.server'
import { periodStartOf } from './channel.rules'
import { channelImportSpec, channelRowSchema, type PeriodInput, type ReportLineInput } from './channel.validation'
import { assertPeriodStarted, writeChannelReport } from './submit-channel-report.server'

/**
 * A dealer's report for one period from an .xlsx or .csv file (sku, on_hand, sold). Every bad row
 * (format, unknown or inactive SKU, a SKU listed twice) is reported by its row number and nothing is
 * written; a good file replaces the period's report, like the form, in one transaction with the kept file.
 */
export async function importChannelReport(actor: Actor, period: PeriodInput, upload: Upload, meta: { ip?: string } = {}): Promise<ImportOutcome> {
  assertDealer(actor)
  const periodStart = periodStartOf(period.kind, period.period)
  // The upload form has no period field (the period is in the URL): the message goes to the form as a whole.
  await assertPeriodStarted(db(), period.kind, periodStart, '')
  const { kind, grid } = await readImportFile(upload)
  const validation = validateGrid(grid, channelImportSpec, channelRowSchema())
  if (!validation.ok) return { ok: false, issues: validation.issues }

  const skus = [...new Set(validation.rows.map((r) => r.value.sku))]
  const ids = new Map(
    (await db().select({ id: products.id, sku: products.sku }).from(products).where(and(inArray(products.sku, skus), eq(products.active, true)))).map((p) => [p.sku, p.id]),
  )
  const issues: RowIssue[] = []
  const lines: ReportLineInput[] = []
  for (const { row, value } of validation.rows) {
    const productId = ids.get(value.sku)
    if (!productId) issues.push({ row, column: 'sku', message: 'channel:errors.unknownSku' })
    else lines.push({ productId, onHand: value.on_hand, sold: value.sold })
  }
  if (issues.length) return { ok: false, issues }

  return inImportTransaction(actor, upload, kind, async (tx, file) => {
    await writeChannelReport(tx, actor, { kind: period.kind, periodStart, lines, source: 'upload' }, { ip: meta.ip, fileId: file.id })
    return { ok: true as const, fileId: file.id, rows: lines.length, created: lines.length, updated: 0, unchanged: 0 }
  })
}
