import { inArray } from 'drizzle-orm'
import { db } from '~db/client'
import { bins, products, warehouses } from '~db/schema'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import type { Actor } from '~/auth/roles'
import { inImportTransaction, readImportFile, type ImportOutcome } from '~/domain/catalog/catalog-import.server'
import { validateGrid, type RowIssue } from '~/domain/catalog/catalog-import.rules'
import type { Upload } from '~/domain/files/store-file.server'
import { withParams } from '~/utils/validation'
import { assertInventoryManager } from './inventory-access.server'
import { applyMovesInKeyOrder, type MoveSpec } from './ledger.server'
import { openingBalanceImportSpec, openingBalanceRowSchema } from './opening-balance-import'
import { OPENING_BALANCE_REASON, ledgerKey } from './stock.rules'

/**
 * Receives each row as an opening-balance receipt, all in one transaction with the stored file.
 * Every problem (format, unknown SKU, warehouse or bin, a place listed twice) is reported by row and
 * nothing is written; rows add to what is on hand, like any receipt.
 */
export async function importOpeningBalances(actor: Actor, upload: Upload, meta: { ip?: string } = {}): Promise<ImportOutcome> {
  assertInventoryManager(actor)
  const { kind, grid } = await readImportFile(upload)
  const validation = validateGrid(grid, openingBalanceImportSpec, openingBalanceRowSchema())
  if (!validation.ok) return { ok: false, issues: validation.issues }

  const rows = validation.rows
  const skus = [...new Set(rows.map((r) => r.value.sku))]
  const codes = [...new Set(rows.map((r) => r.value.warehouse))]
  const productIds = new Map((await db().select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, skus))).map((p) => [p.sku, p.id]))
  const whIds = new Map((await db().select({ id: warehouses.id, code: warehouses.code }).from(warehouses).where(inArray(warehouses.code, codes))).map((w) => [w.code, w.id]))
  const binIds = new Map(
    (await db().select({ id: bins.id, code: bins.code, warehouseId: bins.warehouseId }).from(bins).where(inArray(bins.warehouseId, [...whIds.values()]))).map((b) => [
      `${b.warehouseId}|${b.code}`,
      b.id,
    ]),
  )

  const issues: RowIssue[] = []
  const moves: MoveSpec[] = []
  const firstRow = new Map<string, number>()
  for (const { row, value } of rows) {
    const productId = productIds.get(value.sku)
    const warehouseId = whIds.get(value.warehouse)
    if (!productId) issues.push({ row, column: 'sku', message: 'inventory:errors.importUnknownSku' })
    if (!warehouseId) issues.push({ row, column: 'warehouse', message: 'inventory:errors.importUnknownWarehouse' })
    const binId = value.bin && warehouseId ? binIds.get(`${warehouseId}|${value.bin}`) : null
    if (value.bin && warehouseId && !binId) issues.push({ row, column: 'bin', message: 'inventory:errors.importUnknownBin' })
    if (!productId || !warehouseId || binId === undefined) continue
    const move: MoveSpec = { kind: 'receipt', productId, warehouseId, binId: binId ?? null, batch: value.batch || null, quantity: value.quantity, reason: OPENING_BALANCE_REASON, referenceType: 'import' }
    const key = ledgerKey(move)
    const first = firstRow.get(key)
    if (first !== undefined) issues.push({ row, column: 'sku', message: withParams('inventory:errors.importDuplicate', { row: first }) })
    else firstRow.set(key, row)
    moves.push(move)
  }
  if (issues.length) return { ok: false, issues: issues.sort((a, b) => a.row - b.row) }

  const outcome = await inImportTransaction(actor, upload, kind, async (tx, file) => {
    for (const m of moves) m.referenceId = file.id
    await applyMovesInKeyOrder(tx, moves, actor.userId)
    const summary = { fileId: file.id, rows: moves.length, created: moves.length, updated: 0, unchanged: 0 }
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.opening_balances.imported',
      entityType: 'file',
      entityId: file.id,
      after: {
        rows: moves.length,
        fileName: file.originalName,
        sha256: file.sha256,
        lines: rows.map(({ value }) => ({ sku: value.sku, warehouse: value.warehouse, bin: value.bin ?? null, batch: value.batch ?? null, quantity: value.quantity })),
      },
    })
    return { ok: true as const, ...summary }
  })
  // inImportTransaction has no after-commit hook; it has returned, so the moves are committed.
  publishStockChanged([...new Set(moves.map((m) => m.productId))])
  if (outcome.ok) for (const w of new Set(moves.map((m) => m.warehouseId))) await allocateFreedStock(w, [...new Set(moves.filter((m) => m.warehouseId === w).map((m) => m.productId))])
  return outcome
}

