import { createHash } from 'node:crypto'
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '~db/client'
import { bins, files, products, stockBalances, stockMoves, users, warehouses } from '~db/schema'
import { formatDateTime } from '~/utils/dates'
import { withParams } from '~/utils/validation'
import { recordAudit } from '~/audit/record.server'
import { publishStockChanged } from './stock-events.server'
import { allocateFreedStock } from '~/domain/orders/reserve-backorders.server'
import { logFailure } from '~/utils/errors'
import type { Actor } from '~/auth/roles'
import { importSheetLimits, inImportTransaction, readImportFile, type ImportOutcome } from '~/domain/catalog/catalog-import.server'
import { validateGrid } from '~/domain/catalog/catalog-import.rules'
import { lookUpCode, skuLookup } from '~/domain/catalog/catalog-import.validation'
import type { Upload } from '~/domain/files/store-file.server'
import { assertInventoryManager } from './inventory-access.server'
import { applyMovesInKeyOrder, StockOverflow, type MoveSpec } from './ledger.server'
import { openingBalanceImportSpec, openingBalanceRowKey, openingBalanceRowSchema } from './opening-balance-import'
import { allocationOrder } from './reservations.server'
import { OPENING_BALANCE_REASON } from './stock.rules'
import { claimSerials, SerialsInStock } from './tracking.server'

/**
 * Locks the balance rows the moves add to that exist already in the order orders lock them (by product, then oldest batch
 * first: allocationOrder), warehouse by warehouse. applyMovesInKeyOrder writes them by the batch's spelling, another order:
 * an order reserving lots of the same product meanwhile deadlocked with the import (40P01, one of them a 500).
 */
async function lockRowsAsOrdersDo(tx: Tx, moves: MoveSpec[]) {
  const keys = JSON.stringify(moves.map((m) => ({ product_id: m.productId, warehouse_id: m.warehouseId, bin_id: m.binId, batch: m.batch })))
  await tx.execute(
    sql`select b.id from stock_balances b
        join jsonb_to_recordset(${keys}::jsonb) as k(product_id uuid, warehouse_id uuid, bin_id uuid, batch text)
          on b.product_id = k.product_id and b.warehouse_id = k.warehouse_id and b.bin_id is not distinct from k.bin_id and b.batch is not distinct from k.batch
        order by b.product_id, b.warehouse_id, ${allocationOrder(sql`b`)}
        for update of b`,
  )
}

/**
 * Receives each row as an opening-balance receipt, all in one transaction with the stored file.
 * Every problem (format, unknown SKU, warehouse or bin, a place listed twice, more than a place can
 * hold) is reported by row in one answer and nothing is written; rows add to what is on hand, like any receipt. SKUs, warehouse
 * and bin codes match whatever their case ("el-1001" is EL-1001, "sh-main" SH-MAIN). The very file
 * imported before (same bytes) would add its stock a second time: it is refused, saying when and by
 * whom, unless `again` confirms it. So is a file with rows for places that already hold an opening
 * balance (a place has one opening): a re-saved workbook or a CSV with one more blank line has other
 * bytes but the same rows, and each such row says when its place got its opening balance.
 */
export async function importOpeningBalances(actor: Actor, upload: Upload, meta: { ip?: string; again?: boolean } = {}): Promise<ImportOutcome> {
  assertInventoryManager(actor)
  const { kind, grid } = await readImportFile(upload, importSheetLimits(openingBalanceImportSpec))
  const repeated = (before: EarlierImport): ImportOutcome => {
    const message = withParams('inventory:errors.importRepeated', { name: before.name, when: formatDateTime(before.at, actor.locale, actor.timeZone), who: before.who })
    return { ok: false, issues: [{ row: 0, column: null, message }], confirm: 'repeat' }
  }
  if (!meta.again) {
    // Answered before the rows are checked; asked again under the lock below, which decides.
    const before = await earlierImportOf(db(), createHash('sha256').update(upload.bytes).digest('hex'))
    if (before) return repeated(before)
  }
  // Every problem in one answer: SKUs, warehouses and bins are looked up while each row's cells are checked, not after.
  const productRows = await db().select({ id: products.id, sku: products.sku, wholeUnits: products.wholeUnits, tracking: products.tracking }).from(products)
  const whRows = await db().select({ id: warehouses.id, code: warehouses.code }).from(warehouses)
  const binRows = await db().select({ id: bins.id, code: bins.code, warehouseId: bins.warehouseId }).from(bins)
  // Batches and serial numbers only of the products the file names: every balance row with a batch (each serial number
  // ever received is one) would grow with the whole stock history. Any cell that reads as a SKU counts, so the file's
  // own columns need no mapping here (a batch spelled like a SKU only widens the read).
  const skus = skuLookup(productRows.map((p) => p.sku))
  const named = new Set<string>()
  for (const cells of grid.slice(1)) for (const cell of cells) {
    const sku = cell.trim() ? lookUpCode(skus, cell.trim()) : undefined
    if (sku) named.add(sku)
  }
  const namedIds = productRows.filter((p) => named.has(p.sku)).map((p) => p.id)
  const ofNamed = inArray(stockBalances.productId, namedIds)
  const batchRows = await db()
    .selectDistinct({ sku: products.sku, batch: stockBalances.batch })
    .from(stockBalances)
    .innerJoin(products, eq(products.id, stockBalances.productId))
    .where(and(ofNamed, isNotNull(stockBalances.batch)))
  // Serial numbers on hand: a row receiving one is refused with the file's other problems (and again under its lock when written).
  const serialRows = await db()
    .select({ sku: products.sku, serial: stockBalances.batch })
    .from(stockBalances)
    .innerJoin(products, eq(products.id, stockBalances.productId))
    .where(and(ofNamed, eq(products.tracking, 'serial'), isNotNull(stockBalances.batch), sql`${stockBalances.onHand} > 0`))
  const serialsInStock = new Map<string, Set<string>>()
  for (const r of serialRows) serialsInStock.set(r.sku, (serialsInStock.get(r.sku) ?? new Set()).add(r.serial!.toLowerCase()))
  const productIds = new Map(productRows.map((p) => [p.sku, p.id]))
  const batchesBySku = new Map<string, string[]>()
  for (const b of batchRows) batchesBySku.set(b.sku, [...(batchesBySku.get(b.sku) ?? []), b.batch!])
  const whIds = new Map(whRows.map((w) => [w.code, w.id]))
  const binIds = new Map(binRows.map((b) => [`${b.warehouseId}|${b.code}`, b.id]))
  const context = {
    skus,
    // Warehouse and bin codes match as SKUs do (" sh-main " is SH-MAIN), and come out as stored.
    warehouses: skuLookup(whRows.map((w) => w.code)),
    warehouseBins: new Map(whRows.map((w) => [w.code, skuLookup(binRows.filter((b) => b.warehouseId === w.id).map((b) => b.code))])),
    wholeUnitSkus: new Set(productRows.filter((p) => p.wholeUnits).map((p) => p.sku)),
    // A batch the product has matches whatever its case ("lot-a1" is LOT-A1), so it is no second opening of its place.
    productBatches: new Map([...batchesBySku].map(([sku, batches]) => [sku, skuLookup(batches)])),
    tracking: new Map(productRows.map((p) => [p.sku, p.tracking])),
    serialsInStock,
  }
  const validation = validateGrid(grid, openingBalanceImportSpec, openingBalanceRowSchema(context), openingBalanceRowKey(context))
  if (!validation.ok) return { ok: false, issues: validation.issues }

  const rows = validation.rows
  const moves: MoveSpec[] = rows.map(({ value }) => {
    const warehouseId = whIds.get(value.warehouse)!
    const binId = value.bin ? binIds.get(`${warehouseId}|${value.bin}`)! : null
    return { kind: 'receipt', productId: productIds.get(value.sku)!, warehouseId, binId, batch: value.batch || null, quantity: value.quantity, reason: OPENING_BALANCE_REASON, referenceType: 'import' }
  })
  const opened = (found: Map<MoveSpec, Date>): ImportOutcome => ({
    ok: false,
    confirm: 'repeat',
    issues: rows.flatMap(({ row, value }, i) => {
      const at = found.get(moves[i])
      if (!at) return []
      const place = [value.warehouse, value.bin, value.batch].filter(Boolean).join(' / ')
      return [{ row, column: null, message: withParams('inventory:errors.placeOpenedBefore', { sku: value.sku, place, when: formatDateTime(at, actor.locale, actor.timeZone) }) }]
    }),
  })
  if (!meta.again) {
    const found = await openingBalancesOf(db(), moves)
    if (found.size) return opened(found)
  }

  const serialProductIds = new Set(productRows.filter((p) => p.tracking === 'serial').map((p) => p.id))
  let outcome: ImportOutcome
  try {
    outcome = await inImportTransaction(actor, upload, kind, async (tx, file) => {
      // One opening-balance import at a time: two uploads of one file side by side both passed the
      // check above, and each added its stock.
      await tx.execute(sql`select pg_advisory_xact_lock(${OPENING_IMPORT_LOCK})`)
      if (!meta.again) {
        const before = await earlierImportOf(tx, file.sha256)
        if (before) throw new RepeatedImport(before)
        const found = await openingBalancesOf(tx, moves)
        if (found.size) throw new PlacesOpened(found)
      }
      for (const m of moves) m.referenceId = file.id
      // Each serial product's serials are claimed (locked, refused if in stock meanwhile) before any row is written.
      for (const productId of [...new Set(moves.filter((m) => serialProductIds.has(m.productId)).map((m) => m.productId))].sort()) {
        await claimSerials(tx, productId, moves.filter((m) => m.productId === productId).map((m) => m.batch!), 'batch')
      }
      await lockRowsAsOrdersDo(tx, moves)
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
  } catch (err) {
    if (err instanceof RepeatedImport) return repeated(err.before)
    if (err instanceof PlacesOpened) return opened(err.found)
    // Rows that would take a place past what it can hold, each on its own row (nothing was written).
    // A serial number received since the rows were checked: each such row, nothing written.
    if (err instanceof SerialsInStock) {
      const inStock = new Set(err.found.map((f) => f.serial.toLowerCase()))
      return {
        ok: false,
        issues: rows.flatMap(({ row, value }, i) =>
          serialProductIds.has(moves[i].productId) && inStock.has((value.batch ?? '').toLowerCase())
            ? [{ row, column: 'batch', message: withParams('inventory:errors.importSerialInStock', { sku: value.sku, serial: value.batch! }) }]
            : [],
        ),
      }
    }
    if (err instanceof StockOverflow) {
      const rowOf = new Map(moves.map((m, i) => [m, rows[i].row]))
      return { ok: false, issues: err.moves.map(({ move, message }) => ({ row: rowOf.get(move)!, column: 'quantity', message })).sort((a, b) => a.row - b.row) }
    }
    throw err
  }
  // inImportTransaction has no after-commit hook; it has returned, so the moves are committed. Awaited for its reorder check.
  await publishStockChanged([...new Set(moves.map((m) => m.productId))])
  // The import is committed whatever happens next: a failed allocation is logged, not answered as a failed import.
  if (outcome.ok) {
    for (const w of new Set(moves.map((m) => m.warehouseId))) {
      await allocateFreedStock(w, [...new Set(moves.filter((m) => m.warehouseId === w).map((m) => m.productId))]).catch((err) => logFailure('backorder allocation', err))
    }
  }
  return outcome
}


const OPENING_IMPORT_LOCK = 727_012 // pg_advisory_xact_lock key: one opening-balance import at a time

type EarlierImport = { name: string; at: Date; who: string }

class RepeatedImport extends Error {
  constructor(readonly before: EarlierImport) {
    super('file imported before')
  }
}

class PlacesOpened extends Error {
  constructor(readonly found: Map<MoveSpec, Date>) {
    super('places hold an opening balance')
  }
}

/** The moves whose place (product, warehouse, bin, batch) already holds an opening balance (imported or seeded), with when it got its first. */
async function openingBalancesOf(q: DbOrTx, moves: readonly MoveSpec[]): Promise<Map<MoveSpec, Date>> {
  if (moves.length === 0) return new Map()
  const placeKey = (p: { productId: string; warehouseId: string; binId: string | null; batch: string | null }) => [p.productId, p.warehouseId, p.binId ?? '', p.batch ?? ''].join('|')
  const rows = await q
    .select({ productId: stockMoves.productId, warehouseId: stockMoves.warehouseId, binId: stockMoves.binId, batch: stockMoves.batch, at: sql<Date>`min(${stockMoves.createdAt})`.mapWith((v) => new Date(v)) })
    .from(stockMoves)
    .where(and(eq(stockMoves.reason, OPENING_BALANCE_REASON), eq(stockMoves.kind, 'receipt'), inArray(stockMoves.productId, [...new Set(moves.map((m) => m.productId))])))
    .groupBy(stockMoves.productId, stockMoves.warehouseId, stockMoves.binId, stockMoves.batch)
  const at = new Map(rows.map((r) => [placeKey(r), r.at]))
  const found = new Map<MoveSpec, Date>()
  for (const m of moves) {
    const when = at.get(placeKey({ productId: m.productId, warehouseId: m.warehouseId, binId: m.binId ?? null, batch: m.batch ?? null }))
    if (when) found.set(m, when)
  }
  return found
}

/** The latest opening-balance import of a file with these bytes (its moves reference the stored file). */
async function earlierImportOf(q: DbOrTx, sha256: string): Promise<EarlierImport | undefined> {
  const [row] = await q
    .select({ name: files.originalName, at: files.createdAt, who: users.name })
    .from(files)
    .innerJoin(users, eq(users.id, files.uploadedBy))
    .where(and(eq(files.sha256, sha256), sql`exists (select 1 from stock_moves m where m.reference_type = 'import' and m.reference_id = ${files.id}::text)`))
    .orderBy(desc(files.createdAt))
    .limit(1)
  return row
}
