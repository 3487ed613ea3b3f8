// Replenishment commands (product spec §9): a product's reorder point per warehouse, computed from its
// shipments and lead time or set by hand, and the purchase requisition raised when the stock position
// falls below it. The check runs after every commit that changes stock (publishStockChanged), after a
// rule is saved or recomputed, and in a periodic sweep (jobs), which also catches a check that failed.
import { randomUUID } from 'node:crypto'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { db, rawRows, type DbOrTx, type Tx } from '~db/client'
import { products, replenishmentRules, requisitionLines, warehouses } from '~db/schema'
import { transact, type TxContext } from '~db/transaction'
import { recordAudit, type AuditWho } from '~/audit/record.server'
import { staffCan, type Actor, type StaffActor } from '~/auth/roles'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { notifyStaffWith } from '~/domain/notifications/notify.server'
import { numberSql } from '~/domain/orders/order-command.server'
import { emitToPermission, emitToStaff } from '~/realtime/publisher.server'
import { DomainError, forbidden, isDatabaseUnavailable, logFailure, notFound } from '~/utils/errors'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { groupDigits, withParams } from '~/utils/validation'
import { REORDER_SOURCE, REPLENISHMENT_PERMISSION, rulesWithPosition, type RuleState } from './replenishment.queries.server'
import { USAGE_WINDOW_DAYS, computeFigures, orderQuantity, stockPosition, usageStats, type ServiceLevel } from './replenishment.rules'
import type { ReplenishmentInput } from './replenishment.validation'

export function assertReplenishmentManager(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, REPLENISHMENT_PERMISSION)) throw forbidden()
}

/**
 * Per (product, warehouse): the units shipped on each Shanghai calendar day of the usage window
 * (today and the days before it) that had a shipment. Shipments are the ledger's negative moves.
 * Bounded above too: now() is the transaction's start, and a shipment committed since then just past
 * midnight would be a 91st day (usageStats refuses it, failing the save or the whole nightly run).
 */
async function dailyUsage(q: DbOrTx, places: ReadonlyArray<{ productId: string; warehouseId: string }>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (!places.length) return out
  const keys = JSON.stringify(places.map((p) => ({ product_id: p.productId, warehouse_id: p.warehouseId })))
  const rows = await rawRows<{ product_id: string; warehouse_id: string; total: string }>(
    q,
    sql`with k as (select distinct * from jsonb_to_recordset(${keys}::jsonb) as k(product_id uuid, warehouse_id uuid))
        select k.product_id, k.warehouse_id, (-sum(m.quantity))::text as total
        from k join stock_moves m on m.product_id = k.product_id and m.warehouse_id = k.warehouse_id
        where m.kind = 'shipment'
          and m.created_at >= (date_trunc('day', now() at time zone 'Asia/Shanghai') - make_interval(days => ${USAGE_WINDOW_DAYS - 1})) at time zone 'Asia/Shanghai'
          and m.created_at < (date_trunc('day', now() at time zone 'Asia/Shanghai') + interval '1 day') at time zone 'Asia/Shanghai'
        group by k.product_id, k.warehouse_id, (m.created_at at time zone 'Asia/Shanghai')::date`,
  )
  for (const r of rows) {
    const k = `${r.product_id}|${r.warehouse_id}`
    out.set(k, [...(out.get(k) ?? []), r.total])
  }
  return out
}

const usageOf = (usage: Map<string, string[]>, productId: string, warehouseId: string) => usageStats(usage.get(`${productId}|${warehouseId}`) ?? [], USAGE_WINDOW_DAYS)

const QTY_FIELDS = ['safetyStock', 'reorderPoint', 'orderUpTo', 'minOrderQty', 'orderMultiple'] as const

/** What an audit row shows of a rule: its settings by warehouse code, as typed. */
function ruleAudit(warehouse: string, r: { enabled: boolean; leadTimeDays: number; serviceLevel: number; manual: boolean; safetyStock: string; reorderPoint: string; orderUpTo: string | null; minOrderQty: string | null; orderMultiple: string | null }) {
  return { warehouse, enabled: r.enabled, leadTimeDays: r.leadTimeDays, serviceLevel: r.serviceLevel, manual: r.manual, safetyStock: r.safetyStock, reorderPoint: r.reorderPoint, orderUpTo: r.orderUpTo, minOrderQty: r.minOrderQty, orderMultiple: r.orderMultiple }
}

/**
 * Creates or changes the product's rule for one warehouse. A computed rule gets its safety stock and
 * reorder point from the usage now (a manual one keeps the buyer's, its usage shown beside them).
 * Then the position is checked at once: a rule saved below its reorder point raises its requisition.
 */
export async function saveReplenishmentRule(actor: Actor, productId: string, input: ReplenishmentInput, meta: { ip?: string | null } = {}): Promise<{ ruleId: string; sku: string; warehouse: string; reorderPoint: string; raised: RaisedRequisition[] }> {
  assertReplenishmentManager(actor)
  if (!isUuid(productId)) throw notFound()
  const saved = await transact(async ({ tx, afterCommit }) => {
    const [product] = await tx.select({ sku: products.sku, wholeUnits: products.wholeUnits }).from(products).where(eq(products.id, productId))
    if (!product) throw notFound()
    const [warehouse] = await tx.select({ code: warehouses.code }).from(warehouses).where(eq(warehouses.id, input.warehouseId))
    if (!warehouse) throw new DomainError('bad_input', 'errors:field.choose', { warehouseId: ['errors:field.choose'] })
    const wholeUnits: Record<string, string[]> = {}
    for (const f of QTY_FIELDS) {
      const v = input[f]
      if (v !== null && !fitsUnit(v, product.wholeUnits)) wholeUnits[f] = [withParams('catalog:errors.wholeUnits', { sku: product.sku })]
    }
    const refused = Object.values(wholeUnits)[0]
    if (refused) throw new DomainError('bad_input', refused[0], wholeUnits)
    // Held to commit: a second save of the same rule waits and then sees this one (the audit's "before" is what it replaced).
    const [before] = await tx
      .select()
      .from(replenishmentRules)
      .where(and(eq(replenishmentRules.productId, productId), eq(replenishmentRules.warehouseId, input.warehouseId)))
      .for('update')
    const usage = usageOf(await dailyUsage(tx, [{ productId, warehouseId: input.warehouseId }]), productId, input.warehouseId)
    const figures = computeFigures(usage, { leadTimeDays: input.leadTimeDays, serviceLevel: input.serviceLevel, wholeUnits: product.wholeUnits })
    const safetyStock = input.manual ? input.safetyStock! : figures.safetyStock
    const reorderPoint = input.manual ? input.reorderPoint! : figures.reorderPoint
    if (input.orderUpTo !== null && new D(input.orderUpTo).lte(reorderPoint)) {
      const message = withParams('replenishment:errors.upToBelowPoint', { point: groupDigits(new D(reorderPoint).toFixed()) })
      throw new DomainError('unprocessable', message, { orderUpTo: [message] })
    }
    const values = {
      enabled: input.enabled,
      leadTimeDays: input.leadTimeDays,
      serviceLevel: input.serviceLevel,
      manual: input.manual,
      safetyStock,
      reorderPoint,
      orderUpTo: input.orderUpTo,
      minOrderQty: input.minOrderQty,
      orderMultiple: input.orderMultiple,
      avgDailyUsage: figures.avgDailyUsage,
      usageStdDev: figures.usageStdDev,
      computedAt: sql`now()`,
      updatedBy: actor.userId,
      updatedAt: sql`now()`,
    }
    const [row] = await tx
      .insert(replenishmentRules)
      .values({ productId, warehouseId: input.warehouseId, ...values })
      .onConflictDoUpdate({ target: [replenishmentRules.productId, replenishmentRules.warehouseId], set: values })
      .returning({ id: replenishmentRules.id })
    afterCommit(() => publishPositionChanged([productId]))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.replenishment.saved',
      entityType: 'product',
      entityId: productId,
      before: before ? ruleAudit(warehouse.code, { ...before, safetyStock: new D(before.safetyStock).toFixed(), reorderPoint: new D(before.reorderPoint).toFixed(), orderUpTo: fixed(before.orderUpTo), minOrderQty: fixed(before.minOrderQty), orderMultiple: fixed(before.orderMultiple) }) : null,
      after: { ...ruleAudit(warehouse.code, { ...input, safetyStock: new D(safetyStock).toFixed(), reorderPoint: new D(reorderPoint).toFixed() }), avgDailyUsage: figures.avgDailyUsage, usageStdDev: figures.usageStdDev },
    })
    return { ruleId: row.id, sku: product.sku, warehouse: warehouse.code, reorderPoint: new D(reorderPoint).toFixed() }
  })
  return { ...saved, raised: await raiseReorderRequisitions([productId]) }
}

const fixed = (v: string | null) => (v === null ? null : new D(v).toFixed())

export interface RecomputedRule {
  ruleId: string
  productId: string
  sku: string
  warehouse: string
  manual: boolean
  avgDailyUsage: string
  safetyStock: string
  reorderPoint: string
}

/**
 * Recomputes the usage of the rules matching `where` (on alias r) and, for those not set by hand,
 * their safety stock and reorder point. The rows are locked first, so a save in between (a new lead
 * time) is either before, and used, or waits, and wins.
 */
async function recomputeRules(tx: Tx, where: SQL): Promise<RecomputedRule[]> {
  const rules = await rawRows<{ id: string; product_id: string; warehouse_id: string; sku: string; whole_units: boolean; warehouse_code: string; lead_time_days: number; service_level: number; manual: boolean }>(
    tx,
    sql`select r.id, r.product_id, r.warehouse_id, p.sku, p.whole_units, w.code as warehouse_code, r.lead_time_days, r.service_level, r.manual
        from replenishment_rules r join products p on p.id = r.product_id join warehouses w on w.id = r.warehouse_id
        where ${where} order by r.id for update of r`,
  )
  const usage = await dailyUsage(tx, rules.map((r) => ({ productId: r.product_id, warehouseId: r.warehouse_id })))
  const figures = rules.map((r) => ({
    id: r.id,
    ...computeFigures(usageOf(usage, r.product_id, r.warehouse_id), { leadTimeDays: r.lead_time_days, serviceLevel: r.service_level as ServiceLevel, wholeUnits: r.whole_units }),
  }))
  // A statement per chunk, not per rule: the nightly run holds every rule's lock until it commits, and a stock change
  // whose check must raise a requisition waits for it. At 20,000 rules a statement each was 20,000 round trips (3.4 s
  // on a local PostgreSQL, several times that across a network or under load); the chunks take 1.6 s.
  const updated = new Map<string, { safety_stock: string; reorder_point: string }>()
  for (let i = 0; i < figures.length; i += RECOMPUTE_CHUNK) {
    const chunk = JSON.stringify(figures.slice(i, i + RECOMPUTE_CHUNK))
    const rows = await rawRows<{ id: string; safety_stock: string; reorder_point: string }>(
      tx,
      sql`update replenishment_rules r set avg_daily_usage = f."avgDailyUsage", usage_std_dev = f."usageStdDev", computed_at = now(),
            safety_stock = case when r.manual then r.safety_stock else f."safetyStock" end,
            reorder_point = case when r.manual then r.reorder_point else f."reorderPoint" end
          from jsonb_to_recordset(${chunk}::jsonb) as f(id uuid, "avgDailyUsage" numeric, "usageStdDev" numeric, "safetyStock" numeric, "reorderPoint" numeric)
          where r.id = f.id
          returning r.id, trim_scale(r.safety_stock)::text as safety_stock, trim_scale(r.reorder_point)::text as reorder_point`,
    )
    for (const u of rows) updated.set(u.id, u)
  }
  return rules.map((r, i) => {
    const u = updated.get(r.id)!
    return { ruleId: r.id, productId: r.product_id, sku: r.sku, warehouse: r.warehouse_code, manual: r.manual, avgDailyUsage: figures[i].avgDailyUsage, safetyStock: u.safety_stock, reorderPoint: u.reorder_point }
  })
}

const RECOMPUTE_CHUNK = 2000

/** The product page's "Recompute now": its rules' figures from the usage as it stands, then the check. */
export async function recomputeProductReplenishment(actor: Actor, productId: string, meta: { ip?: string | null } = {}): Promise<{ rules: RecomputedRule[]; raised: RaisedRequisition[] }> {
  assertReplenishmentManager(actor)
  if (!isUuid(productId)) throw notFound()
  const rules = await transact(async ({ tx, afterCommit }) => {
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId))
    if (!product) throw notFound()
    const rules = await recomputeRules(tx, sql`r.product_id = ${productId}`)
    if (!rules.length) throw new DomainError('conflict', 'replenishment:errors.noRules')
    afterCommit(() => publishPositionChanged([productId]))
    await recordAudit(tx, { actor, ip: meta.ip }, {
      action: 'inventory.replenishment.recomputed',
      entityType: 'product',
      entityId: productId,
      after: { rules: rules.map(({ warehouse, manual, avgDailyUsage, safetyStock, reorderPoint }) => ({ warehouse, manual, avgDailyUsage, safetyStock, reorderPoint })) },
    })
    return rules
  })
  return { rules, raised: await raiseReorderRequisitions([productId]) }
}

/** The nightly job: every rule's figures from the last window's usage, then the sweep (a reorder point may have risen). */
export async function recomputeAllReplenishment(): Promise<{ rules: number; raised: RaisedRequisition[] }> {
  const rules = await transact(async ({ tx, afterCommit }) => {
    const rules = await recomputeRules(tx, sql`true`)
    if (!rules.length) return rules
    afterCommit(() => publishPositionChanged(rules.map((r) => r.productId)))
    await recordAudit(tx, { system: true }, { action: 'inventory.replenishment.recomputed', entityType: 'system', after: { rules: rules.length, computed: rules.filter((r) => !r.manual).length } })
    return rules
  })
  return { rules: rules.length, raised: rules.length ? await raiseReorderRequisitions() : [] }
}

export interface RaisedRequisition {
  id: string
  number: string
  ruleId: string
  productId: string
  sku: string
  warehouse: string
  quantity: string
}

const candidateWhere = (productIds?: readonly string[]) =>
  and(sql`r.enabled and p.active`, productIds ? sql`r.product_id in (${sql.join(productIds.map((id) => sql`${id}::uuid`), sql`, `)})` : undefined)!

/**
 * Raises a requisition for each enabled rule of these products (of every product: the sweep) whose
 * position is below its reorder point and that has no open reorder requisition. Runs after the
 * commit that moved the position, as the system, each rule in a transaction of its own. Never throws:
 * the stock's own change is committed, and what fails here the next change or the sweep raises.
 */
export async function raiseReorderRequisitions(productIds?: readonly string[]): Promise<RaisedRequisition[]> {
  const ids = productIds && [...new Set(productIds.filter(isUuid))]
  if (ids && ids.length === 0) return []
  const raised: RaisedRequisition[] = []
  let due: RuleState[]
  try {
    due = (await rulesWithPosition(db(), candidateWhere(ids))).filter((r) => !r.openReorder && orderQuantity(stockPosition(r), orderRuleOf(r)) !== null)
  } catch (err) {
    logFailure('reorder check', err)
    return raised
  }
  // One rule's failure (a deadlock, a quantity its column cannot hold) is its own: the rules after it in the sweep's
  // order would otherwise never be raised, sweep after sweep.
  for (const r of due) {
    try {
      const one = await raiseFor(r.id)
      if (one) raised.push(one)
    } catch (err) {
      logFailure(`reorder check of ${r.sku} in ${r.warehouseCode}`, err)
      // Unreachable, the database fails every rule alike: the sweep tries them all again once it is back.
      if (isDatabaseUnavailable(err)) break
    }
  }
  return raised
}

const orderRuleOf = (r: RuleState) => ({ reorderPoint: r.reorderPoint, orderUpTo: r.orderUpTo, minOrderQty: r.minOrderQty, orderMultiple: r.orderMultiple, wholeUnits: r.wholeUnits })

/**
 * One rule's requisition, decided again under the rule's row lock: two processes that both saw the
 * position fall queue here, and the second, reading after the first committed, finds its requisition
 * (counted in the position, and open). The partial unique index is the net behind the lock.
 */
async function raiseFor(ruleId: string): Promise<RaisedRequisition | null> {
  return transact(async (ctx) => {
    const { tx, afterCommit } = ctx
    const [locked] = await rawRows<{ id: string }>(tx, sql`select id from replenishment_rules where id = ${ruleId} and enabled for update`)
    if (!locked) return null
    const [r] = await rulesWithPosition(tx, sql`r.id = ${ruleId} and p.active`)
    if (!r || r.openReorder) return null
    const position = stockPosition(r)
    const quantity = orderQuantity(position, orderRuleOf(r))
    if (!quantity) return null
    const id = randomUUID()
    const [req] = await rawRows<{ number: string }>(
      tx,
      sql`insert into requisitions (id, number, status, source_type, source_id)
          values (${id}, ${numberSql('requisition')}, 'open', ${REORDER_SOURCE}, ${r.id})
          on conflict (source_id) where source_type = 'reorder' and status = 'open' do nothing
          returning number`,
    )
    if (!req) return null
    await tx.insert(requisitionLines).values({ requisitionId: id, productId: r.productId, warehouseId: r.warehouseId, quantity })
    await notifyBuyersOfReorder(ctx, { id, number: req.number }, r)
    const who: AuditWho = { system: true }
    await recordAudit(tx, who, {
      action: 'requisition.created',
      entityType: 'requisition',
      entityId: id,
      after: {
        number: req.number,
        source: { type: REORDER_SOURCE, ruleId: r.id },
        lines: [{ sku: r.sku, warehouse: r.warehouseCode, quantity }],
        position: position.toFixed(),
        reorderPoint: r.reorderPoint,
      },
    })
    afterCommit(() => {
      emitToPermission('requisitions.view', 'requisition:changed', { requisitionId: id })
      publishPositionChanged([r.productId])
    })
    return { id, number: req.number, ruleId: r.id, productId: r.productId, sku: r.sku, warehouse: r.warehouseCode, quantity }
  })
}

/** The buyers: what falls below its reorder point is theirs to buy. */
async function notifyBuyersOfReorder(ctx: TxContext, requisition: { id: string; number: string }, r: Pick<RuleState, 'sku' | 'warehouseCode'>) {
  await notifyStaffWith(ctx, 'requisitions.source', {
    kind: 'requisition.reorderRaised',
    params: { number: requisition.number, sku: r.sku, warehouse: r.warehouseCode },
    link: `/console/requisitions/${requisition.id}`,
  })
}

/**
 * A product's stock position or reorder point changed without its stock changing (a rule saved or
 * recomputed, a requisition raised): the staff stock pages showing it refetch, through the same
 * event a stock move sends them. Dealers are not told: what they may promise did not change.
 */
function publishPositionChanged(productIds: string[]) {
  const ids = [...new Set(productIds)]
  if (ids.length) emitToStaff('stock:changed', { productIds: ids })
}
