import { db } from '~db/client'
import type { Actor } from '~/auth/roles'
import { importSheetLimits, inImportTransaction, readImportFile, type ImportOutcome } from '~/domain/catalog/catalog-import.server'
import { validateGrid } from '~/domain/catalog/catalog-import.rules'
import { skuLookup } from '~/domain/catalog/catalog-import.validation'
import type { Upload } from '~/domain/files/store-file.server'
import { assertDealer } from './channel-access.server'
import { productOptions } from './channel.queries.server'
import { periodStartOf, skipUnfilledRows } from './channel.rules'
import { channelImportSpec, channelRowKey, channelRowSchema, type PeriodInput, type ReportLineInput } from './channel.validation'
import { assertPeriodStarted, writeChannelReport } from './submit-channel-report.server'

/**
 * A dealer's report for one period from an .xlsx or .csv file (sku, on_hand, sold). Rows without
 * figures are skipped (the template lists every product); every bad row (format, unknown or inactive
 * SKU, a SKU listed twice) is reported by its row number and nothing is written; a good file replaces
 * the period's report, like the form, in one transaction with the kept file. `replaces` is the version
 * of the period's report the page said would be replaced ('' for none, see ReportWrite).
 */
export async function importChannelReport(actor: Actor, period: PeriodInput, upload: Upload, meta: { ip?: string; replaces?: string } = {}): Promise<ImportOutcome> {
  assertDealer(actor)
  const periodStart = periodStartOf(period.kind, period.period)
  await assertPeriodStarted(db(), period.kind, periodStart)
  // Every problem in one answer: the SKUs are looked up while each row's cells are checked, not after.
  const products = await productOptions()
  // The template lists every active product, filled in or not, so the sheet may be that much longer than the rows it reports.
  const read = await readImportFile(upload, importSheetLimits(channelImportSpec, products.length))
  const { grid, filled } = skipUnfilledRows(read.grid, channelImportSpec)
  if (filled === 0) return { ok: false, issues: [{ row: 0, column: null, message: 'channel:errors.noFilledRows' }] }
  const kind = read.kind
  const productIds = new Map(products.map((p) => [p.sku, p.id]))
  const context = { skus: skuLookup(products.map((p) => p.sku)), wholeUnitSkus: new Set(products.filter((p) => p.wholeUnits).map((p) => p.sku)) }
  const validation = validateGrid(grid, channelImportSpec, channelRowSchema(context), channelRowKey(context))
  if (!validation.ok) return { ok: false, issues: validation.issues }
  const lines: ReportLineInput[] = validation.rows.map(({ value }) => ({ productId: productIds.get(value.sku)!, onHand: value.on_hand, sold: value.sold }))

  return inImportTransaction(actor, upload, kind, async (tx, file) => {
    await writeChannelReport(tx, actor, { kind: period.kind, periodStart, lines, source: 'upload', replaces: meta.replaces }, { ip: meta.ip, fileId: file.id })
    return { ok: true as const, fileId: file.id, rows: lines.length, created: lines.length, updated: 0, unchanged: 0 }
  })
}
