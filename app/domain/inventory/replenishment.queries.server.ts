// Reads of replenishment: each rule with the stock position it is judged by. Staff only (inventory.view
// to read; the commands in replenishment.server.ts check their own permission).
import { asc, sql, type SQL } from 'drizzle-orm'
import { db, rawRows, type DbOrTx } from '~db/client'
import { warehouses } from '~db/schema'
import { staffCan, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'
import { isUuid } from '~/utils/uuid'
import { DEFAULT_LEAD_TIME_DAYS, DEFAULT_SERVICE_LEVEL, USAGE_WINDOW_DAYS, belowReorderPoint, stockPosition, type ServiceLevel } from './replenishment.rules'

/** requisitions.source_type of the requisitions a reorder point raises; source_id is the rule's id. */
export const REORDER_SOURCE = 'reorder'

/**
 * Requisitions whose quantity is still to come: not cancelled. Nothing receives against a requisition
 * yet (procure-to-pay will): once receipts close them, the closed status stays out of this list.
 */
export const PENDING_REQUISITION = sql.raw(`('open', 'approved', 'ordered')`)

/** Who may set a product's reorder point, lead time and order quantities: the buyers, who buy what those requisitions ask for. */
export const REPLENISHMENT_PERMISSION = 'requisitions.source' as const

/**
 * The parts of the stock position of a product in a warehouse (replenishment.rules stockPosition),
 * as correlated subqueries on the given columns: what is on hand and reserved there, what approved
 * orders from there still wait for, and what pending requisitions for there ask for.
 */
export function positionParts(product: SQL, warehouse: SQL) {
  return {
    onHand: sql`coalesce((select sum(b.on_hand) from stock_balances b where b.product_id = ${product} and b.warehouse_id = ${warehouse}), 0)`,
    reserved: sql`coalesce((select sum(b.reserved) from stock_balances b where b.product_id = ${product} and b.warehouse_id = ${warehouse}), 0)`,
    backordered: sql`coalesce((select sum(l.backordered_qty) from sales_order_lines l join sales_orders o on o.id = l.order_id
                                where l.product_id = ${product} and o.warehouse_id = ${warehouse} and l.backordered_qty > 0), 0)`,
    onRequisition: sql`coalesce((select sum(rl.quantity) from requisition_lines rl join requisitions q on q.id = rl.requisition_id
                                  where rl.product_id = ${product} and rl.warehouse_id = ${warehouse} and q.status in ${PENDING_REQUISITION}), 0)`,
  }
}

/**
 * What is there for new demand, in SQL: on hand − reserved − backordered (stockPosition without the requisitions).
 * Below the reorder point, a product is short there, whether or not a requisition is already on its way; the stock
 * list's "below reorder point" filters by it.
 */
export function netStockSql(product: SQL, warehouse: SQL): SQL {
  const p = positionParts(product, warehouse)
  return sql`(${p.onHand} - ${p.reserved} - ${p.backordered})`
}

export interface RuleState {
  id: string
  productId: string
  warehouseId: string
  warehouseCode: string
  sku: string
  wholeUnits: boolean
  productActive: boolean
  enabled: boolean
  leadTimeDays: number
  serviceLevel: ServiceLevel
  manual: boolean
  safetyStock: string
  reorderPoint: string
  orderUpTo: string | null
  minOrderQty: string | null
  orderMultiple: string | null
  avgDailyUsage: string | null
  usageStdDev: string | null
  computedAt: string | null
  onHand: string
  reserved: string
  backordered: string
  onRequisition: string
  /** The rule's open reorder requisition: while there is one, no second is raised. */
  openReorder: { id: string; number: string; quantity: string } | null
}

/** Rules matching `where` (on alias r), with their position's parts read in the same statement. */
export async function rulesWithPosition(q: DbOrTx, where: SQL): Promise<RuleState[]> {
  const p = positionParts(sql`r.product_id`, sql`r.warehouse_id`)
  const rows = await rawRows<{
    id: string
    product_id: string
    warehouse_id: string
    warehouse_code: string
    sku: string
    whole_units: boolean
    product_active: boolean
    enabled: boolean
    lead_time_days: number
    service_level: number
    manual: boolean
    safety_stock: string
    reorder_point: string
    order_up_to: string | null
    min_order_qty: string | null
    order_multiple: string | null
    avg_daily_usage: string | null
    usage_std_dev: string | null
    computed_at: string | null
    on_hand: string
    reserved: string
    backordered: string
    on_requisition: string
    open_id: string | null
    open_number: string | null
    open_quantity: string | null
  }>(
    q,
    sql`select r.id, r.product_id, r.warehouse_id, w.code as warehouse_code, p.sku, p.whole_units, p.active as product_active,
               r.enabled, r.lead_time_days, r.service_level, r.manual,
               trim_scale(r.safety_stock)::text as safety_stock, trim_scale(r.reorder_point)::text as reorder_point,
               trim_scale(r.order_up_to)::text as order_up_to, trim_scale(r.min_order_qty)::text as min_order_qty, trim_scale(r.order_multiple)::text as order_multiple,
               trim_scale(r.avg_daily_usage)::text as avg_daily_usage, trim_scale(r.usage_std_dev)::text as usage_std_dev,
               to_char(r.computed_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as computed_at,
               trim_scale(${p.onHand})::text as on_hand, trim_scale(${p.reserved})::text as reserved,
               trim_scale(${p.backordered})::text as backordered, trim_scale(${p.onRequisition})::text as on_requisition,
               o.id as open_id, o.number as open_number, o.quantity as open_quantity
        from replenishment_rules r
        join products p on p.id = r.product_id
        join warehouses w on w.id = r.warehouse_id
        left join lateral (
          select q.id, q.number, (select trim_scale(sum(rl.quantity))::text from requisition_lines rl where rl.requisition_id = q.id) as quantity
          from requisitions q where q.source_type = ${REORDER_SOURCE} and q.source_id = r.id and q.status = 'open' limit 1
        ) o on true
        where ${where}
        order by p.sku, w.code`,
  )
  return rows.map((r) => ({
    id: r.id,
    productId: r.product_id,
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    sku: r.sku,
    wholeUnits: r.whole_units,
    productActive: r.product_active,
    enabled: r.enabled,
    leadTimeDays: r.lead_time_days,
    serviceLevel: r.service_level as ServiceLevel,
    manual: r.manual,
    safetyStock: r.safety_stock,
    reorderPoint: r.reorder_point,
    orderUpTo: r.order_up_to,
    minOrderQty: r.min_order_qty,
    orderMultiple: r.order_multiple,
    avgDailyUsage: r.avg_daily_usage,
    usageStdDev: r.usage_std_dev,
    computedAt: r.computed_at,
    onHand: r.on_hand,
    reserved: r.reserved,
    backordered: r.backordered,
    onRequisition: r.on_requisition,
    openReorder: r.open_id ? { id: r.open_id, number: r.open_number!, quantity: r.open_quantity ?? '0' } : null,
  }))
}

export interface WarehouseReplenishment {
  warehouseId: string
  warehouseCode: string
  warehouseNameEn: string
  warehouseNameZh: string
  /** Null where the product has no rule in this warehouse yet (the form offers the defaults). */
  rule: Omit<RuleState, 'onHand' | 'reserved' | 'backordered' | 'onRequisition' | 'openReorder' | 'warehouseCode' | 'warehouseId' | 'productId' | 'sku' | 'wholeUnits' | 'productActive'> | null
  onHand: string
  reserved: string
  backordered: string
  onRequisition: string
  /** On hand − reserved − backordered: below the reorder point, the product is short here (the badge, the list's filter). */
  net: string
  /** The net stock plus pending requisitions: below the reorder point, a requisition is raised (replenishment.server). */
  position: string
  below: boolean
  openReorder: RuleState['openReorder']
}

export interface ProductReplenishment {
  warehouses: WarehouseReplenishment[]
  defaults: { leadTimeDays: number; serviceLevel: ServiceLevel; usageWindowDays: number }
}

/** The product's page: per warehouse its rule (or none) and the stock position beside it. */
export async function getProductReplenishment(actor: StaffActor, productId: string): Promise<ProductReplenishment | null> {
  if (!staffCan(actor, 'inventory.view')) throw forbidden()
  if (!isUuid(productId)) return null
  const [whs, rules, parts] = await Promise.all([
    db().select({ id: warehouses.id, code: warehouses.code, nameEn: warehouses.nameEn, nameZh: warehouses.nameZh }).from(warehouses).orderBy(asc(warehouses.code)),
    rulesWithPosition(db(), sql`r.product_id = ${productId}`),
    positionsOf(productId),
  ])
  const ruleOf = new Map(rules.map((r) => [r.warehouseId, r]))
  const partsOf = new Map(parts.map((p) => [p.warehouseId, p]))
  return {
    warehouses: whs.map((w) => {
      const r = ruleOf.get(w.id)
      const parts = partsOf.get(w.id) ?? { onHand: '0', reserved: '0', backordered: '0', onRequisition: '0' }
      const net = stockPosition({ ...parts, onRequisition: 0 }).toFixed()
      const position = stockPosition(parts).toFixed()
      return {
        warehouseId: w.id,
        warehouseCode: w.code,
        warehouseNameEn: w.nameEn,
        warehouseNameZh: w.nameZh,
        rule: r
          ? {
              id: r.id,
              enabled: r.enabled,
              leadTimeDays: r.leadTimeDays,
              serviceLevel: r.serviceLevel,
              manual: r.manual,
              safetyStock: r.safetyStock,
              reorderPoint: r.reorderPoint,
              orderUpTo: r.orderUpTo,
              minOrderQty: r.minOrderQty,
              orderMultiple: r.orderMultiple,
              avgDailyUsage: r.avgDailyUsage,
              usageStdDev: r.usageStdDev,
              computedAt: r.computedAt,
            }
          : null,
        onHand: parts.onHand,
        reserved: parts.reserved,
        backordered: parts.backordered,
        onRequisition: parts.onRequisition,
        net,
        position,
        below: !!r && r.enabled && belowReorderPoint(net, r.reorderPoint),
        openReorder: r?.openReorder ?? null,
      }
    }),
    defaults: { leadTimeDays: DEFAULT_LEAD_TIME_DAYS, serviceLevel: DEFAULT_SERVICE_LEVEL, usageWindowDays: USAGE_WINDOW_DAYS },
  }
}

/** The position's parts of one product in every warehouse, rule or not. */
async function positionsOf(productId: string) {
  const p = positionParts(sql`${productId}::uuid`, sql`w.id`)
  const rows = await rawRows<{ warehouse_id: string; on_hand: string; reserved: string; backordered: string; on_requisition: string }>(
    db(),
    sql`select w.id as warehouse_id, trim_scale(${p.onHand})::text as on_hand, trim_scale(${p.reserved})::text as reserved,
               trim_scale(${p.backordered})::text as backordered, trim_scale(${p.onRequisition})::text as on_requisition
        from warehouses w`,
  )
  return rows.map((r) => ({ warehouseId: r.warehouse_id, onHand: r.on_hand, reserved: r.reserved, backordered: r.backordered, onRequisition: r.on_requisition }))
}
