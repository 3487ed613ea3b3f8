import { and, asc, desc, eq, ilike, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { db } from '~db/client'
import {
  auditLog,
  bins,
  dealerTerms,
  organizations,
  products,
  requisitionLines,
  requisitions,
  salesOrderLines,
  salesOrders,
  shipmentLines,
  shipments,
  stockBalances,
  stockMoves,
  stockReservations,
  users,
  warehouses,
} from '~db/schema'
import { recordNotTheirs } from '~/audit/record.server'
import { staffCan, type Actor, type DealerActor, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'
import { likePattern, type ListParams } from '~/utils/list-params'
import { D } from '~/utils/money'
import { isUuid } from '~/utils/uuid'
import { checkCredit } from './credit.rules'
import { openOrderStatuses } from './order.rules'
import { ORDER_SOURCE } from './order-command.server'
import { dealersExposure, owedOnShipped, owesOnShipped, shippedValueText, stillOwedOnShipped } from './credit.server'
import {
  isIsoDay,
  isOrderStatus,
  OPEN_STATUS_FILTER,
  isPaymentFilter,
  isRequisitionStatus,
  type ConsoleOrderSort,
  type OrderSort,
  type OrderStatus,
  type RequisitionSort,
  type RequisitionStatus,
} from './order-list.validation'

// The read side of dealer orders. A dealer reads only its own organization's orders (the org
// comes from the session; another dealer's id is "not found", like an unknown one); staff read
// with orders.view / requisitions.view. What leaves here are explicit DTOs: the dealer's view has
// no price tier, no staff names, no audit details.

/** The audit entity types the order commands write (an order, and a shipment of it). */
export const ORDER_ENTITY = 'sales_order'
/** A download of the order's confirmation PDF: on the order's audit trail, never a step of its timeline. */
export const ORDER_EXPORTED = 'sales_order.exported'
/** Opening one order's page: recorded only when it is refused (recordNotTheirs); a view that is shown is not. */
export const ORDER_VIEW = 'sales_order.view'

function assertOrderViewer(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'orders.view')) throw forbidden()
}

function assertRequisitionViewer(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'requisitions.view')) throw forbidden()
}

export const iso = (col: SQL | AnyPgColumn) => sql<string>`to_char(${col} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const isoOrNull = (col: unknown) => sql<string | null>`case when ${col} is null then null else to_char(${col} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end`
const qtyText = (col: unknown) => sql<string>`trim_scale(${col})::text`
const moneyText = (col: unknown) => sql<string>`${col}::text`

export interface OrderListItem {
  id: string
  number: string
  status: OrderStatus
  version: number
  needsApproval: boolean
  currency: string
  total: string
  warehouseCode: string
  dealerReference: string | null
  createdAt: string
  /** What is still owed on what has shipped: only on a list filtered by ?payment=unpaid. */
  owed?: string
}

export interface ConsoleOrderListItem extends OrderListItem {
  dealerCode: string
  dealerNameEn: string
  dealerNameZh: string
}

export const orderListFields = {
  id: salesOrders.id,
  number: salesOrders.number,
  status: salesOrders.status,
  version: salesOrders.version,
  needsApproval: salesOrders.needsApproval,
  currency: salesOrders.currency,
  total: moneyText(salesOrders.total),
  warehouseCode: warehouses.code,
  dealerReference: salesOrders.dealerReference,
  createdAt: iso(salesOrders.createdAt),
}

/**
 * With the unpaid filter, the list also answers what each order still owes. The unfiltered list's
 * statement stays as it was: the field is only added when the filter is on.
 */
const listFields = (params: Pick<ListParams, 'filters'>) =>
  isPaymentFilter(params.filters.payment) ? { ...orderListFields, owed: owedOnShipped(salesOrders) } : orderListFields

/** Filters both lists share. Days are the viewer's calendar days, converted by the database. */
function commonFilters(params: Pick<ListParams, 'q' | 'filters'>, timeZone: string): SQL[] {
  const conds: SQL[] = []
  const { status, payment, from, to } = params.filters
  if (isOrderStatus(status)) conds.push(eq(salesOrders.status, status))
  else if (status === OPEN_STATUS_FILTER) conds.push(inArray(salesOrders.status, [...openOrderStatuses]))
  // The same definition as the receivables figure (credit.server.ts), so the list adds up to it.
  if (isPaymentFilter(payment)) conds.push(owesOnShipped(salesOrders))
  if (isIsoDay(from)) conds.push(sql`${salesOrders.createdAt} >= ((${from})::date::timestamp at time zone ${timeZone})`)
  if (isIsoDay(to)) conds.push(sql`${salesOrders.createdAt} < (((${to})::date + 1)::timestamp at time zone ${timeZone})`)
  if (params.q) conds.push(or(numberMatches(salesOrders.number, params.q), ilike(salesOrders.dealerReference, likePattern(params.q.trim())))!)
  return conds
}

/**
 * A document number as people type one: any part of it ("000012", "SO-2026-00001"), or the number
 * without its zeros ("SO-2026-9" is SO-2026-000009, which the unique index finds).
 */
function numberMatches(column: AnyPgColumn, q: string): SQL {
  const typed = q.trim()
  const whole = /^([a-z]{2,3})-(\d{4})-(\d{1,6})$/i.exec(typed)
  const part = ilike(column, likePattern(typed))
  return whole ? or(eq(column, `${whole[1].toUpperCase()}-${whole[2]}-${whole[3].padStart(6, '0')}`), part)! : part
}

/** The dealer's list: its own organization's orders (from the session, never the URL) under the list's filters. */
const dealerOrderWhere = (actor: DealerActor, params: Pick<ListParams, 'q' | 'filters'>) => and(eq(salesOrders.dealerOrgId, actor.orgId), ...commonFilters(params, actor.timeZone))

/** The dealer list's order: the chosen column, then the id, so equal values keep one order across pages and in its export. */
function dealerOrderBy(params: Pick<ListParams<OrderSort>, 'sort' | 'dir'>): SQL[] {
  const order = params.dir === 'asc' ? asc : desc
  const sortBy: Record<OrderSort, SQL> = {
    created: sql`${salesOrders.createdAt}`,
    number: sql`${salesOrders.number}`,
    total: sql`${salesOrders.total}`,
  }
  return [order(sortBy[params.sort]), order(salesOrders.id)]
}

/** The dealer's own orders, filtered by status and date, sorted and paged in SQL. */
export async function listDealerOrders(actor: DealerActor, params: ListParams<OrderSort>): Promise<{ rows: OrderListItem[]; total: number }> {
  const where = dealerOrderWhere(actor, params)
  const [rows, total] = await Promise.all([
    db()
      .select(listFields(params))
      .from(salesOrders)
      .innerJoin(warehouses, eq(warehouses.id, salesOrders.warehouseId))
      .where(where)
      .orderBy(...dealerOrderBy(params))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    // One dealer's orders: bounded by the (dealer_org_id, created_at) index.
    db().$count(salesOrders, where),
  ])
  return { rows, total }
}

/**
 * The console list's condition: the shared filters and the dealer filter by code. null when the code names no dealer:
 * then nothing matches (the list is empty, not every dealer's).
 */
async function consoleOrderWhere(actor: StaffActor, params: Pick<ListParams, 'q' | 'filters'>): Promise<{ where: SQL | undefined; dealer: DealerOption | null } | null> {
  const conds = commonFilters(params, actor.timeZone)
  const dealerCode = params.filters.dealer?.trim()
  let dealer: DealerOption | null = null
  if (dealerCode) {
    // Resolved first, so the list query is a plain equality the (dealer_org_id, created_at) index serves;
    // the name comes along for the filter's picker, which would otherwise ask for it separately.
    const [found] = await db()
      .select({ id: organizations.id, code: organizations.code, name: localName(actor) })
      .from(organizations)
      .where(and(eq(organizations.code, dealerCode), eq(organizations.kind, 'dealer')))
    if (!found) return null
    dealer = { code: found.code, name: found.name }
    conds.push(eq(salesOrders.dealerOrgId, found.id))
  }
  return { where: conds.length ? and(...conds) : undefined, dealer }
}

function consoleOrderBy(params: Pick<ListParams<ConsoleOrderSort>, 'sort' | 'dir'>): SQL[] {
  const order = params.dir === 'asc' ? asc : desc
  const sortBy: Record<ConsoleOrderSort, SQL> = { created: sql`${salesOrders.createdAt}`, number: sql`${salesOrders.number}` }
  return [order(sortBy[params.sort]), order(salesOrders.id)]
}

/** One order as the list's export writes it: money as the database's decimal text, never a float. */
export interface OrderExportRow {
  number: string
  status: OrderStatus
  currency: string
  warehouseCode: string
  dealerReference: string | null
  createdAt: string
  net: string
  tax: string
  total: string
  shipped: string
  paid: string
  owed: string
  /** Console only: the dealer and its sales owner; a dealer's own export carries neither. */
  dealerCode?: string
  dealerNameEn?: string
  dealerNameZh?: string
  salesOwner?: string | null
}

const exportFields = {
  number: salesOrders.number,
  status: salesOrders.status,
  currency: salesOrders.currency,
  warehouseCode: warehouses.code,
  dealerReference: salesOrders.dealerReference,
  createdAt: iso(salesOrders.createdAt),
  net: moneyText(salesOrders.subtotal),
  tax: moneyText(salesOrders.taxTotal),
  total: moneyText(salesOrders.total),
  shipped: shippedValueText(salesOrders),
  paid: moneyText(salesOrders.paidTotal),
  owed: stillOwedOnShipped(salesOrders),
}

/**
 * Every order of the list as its page selects and sorts it (not one page), for the export: at most `limit` rows, so
 * a caller asking one more than its cap learns that the list is over it. A dealer reads its own orders whatever the
 * URL's filters say (the dealer list has no dealer filter); staff need orders.view.
 */
export async function orderListForExport(actor: Actor, params: ListParams<OrderSort> | ListParams<ConsoleOrderSort>, limit: number): Promise<OrderExportRow[]> {
  if (actor.kind === 'dealer') {
    return db()
      .select(exportFields)
      .from(salesOrders)
      .innerJoin(warehouses, eq(warehouses.id, salesOrders.warehouseId))
      .where(dealerOrderWhere(actor, params))
      .orderBy(...dealerOrderBy(params as ListParams<OrderSort>))
      .limit(limit)
  }
  assertOrderViewer(actor)
  const scope = await consoleOrderWhere(actor, params)
  if (!scope) return []
  return db()
    .select({ ...exportFields, dealerCode: organizations.code, dealerNameEn: organizations.nameEn, dealerNameZh: organizations.nameZh, salesOwner: users.name })
    .from(salesOrders)
    .innerJoin(warehouses, eq(warehouses.id, salesOrders.warehouseId))
    .innerJoin(organizations, eq(organizations.id, salesOrders.dealerOrgId))
    .leftJoin(dealerTerms, eq(dealerTerms.dealerOrgId, salesOrders.dealerOrgId))
    .leftJoin(users, eq(users.id, dealerTerms.salesOwnerUserId))
    .where(scope.where)
    .orderBy(...consoleOrderBy(params as ListParams<ConsoleOrderSort>))
    .limit(limit)
}

/** How many further pages the console list counts ahead of the current one. */
const COUNT_AHEAD_PAGES = 10

/**
 * The console's order list over every dealer. It sorts only by indexed columns and counts at most
 * a few pages past the current one (`more` says the count stopped), so a page of the newest
 * orders stays an index scan of 50 rows plus a bounded count however many orders there are.
 */
export async function listConsoleOrders(
  actor: StaffActor,
  params: ListParams<ConsoleOrderSort>,
): Promise<{ rows: ConsoleOrderListItem[]; total: number; more: boolean; dealer: DealerOption | null }> {
  assertOrderViewer(actor)
  const scope = await consoleOrderWhere(actor, params)
  if (!scope) return { rows: [], total: 0, more: false, dealer: null }
  const { where, dealer } = scope
  const offset = (params.page - 1) * params.pageSize
  const cap = offset + params.pageSize * COUNT_AHEAD_PAGES + 1
  const [rows, [{ n }]] = await Promise.all([
    db()
      .select({ ...listFields(params), dealerCode: organizations.code, dealerNameEn: organizations.nameEn, dealerNameZh: organizations.nameZh })
      .from(salesOrders)
      .innerJoin(warehouses, eq(warehouses.id, salesOrders.warehouseId))
      .innerJoin(organizations, eq(organizations.id, salesOrders.dealerOrgId))
      .where(where)
      .orderBy(...consoleOrderBy(params))
      .limit(params.pageSize)
      .offset(offset),
    db()
      .select({ n: sql<number>`count(*)::int` })
      .from(db().select({ one: sql`1`.as('one') }).from(salesOrders).where(where).limit(cap).as('capped')),
  ])
  const more = n >= cap
  return { rows, total: more ? cap - 1 : n, more, dealer }
}

/** A held order's line beside the stock its warehouse could give it now (on hand − reserved, never below 0). */
export interface HeldLineStock {
  productId: string
  sku: string
  quantity: string
  available: string
}

/**
 * The approval inbox: orders over credit waiting for a sales manager, oldest first. Each comes with
 * the credit check as it stood at submission and as it stands now (current limit and exposure; the
 * dealer may have paid, or ordered more, since): the decision is taken on today's figures. A held
 * order holds no stock, so each also says what its warehouse has for its lines now (what approving
 * would reserve; the rest would be backordered).
 */
export async function listApprovalInbox(actor: StaffActor): Promise<Array<ConsoleOrderListItem & { credit: CreditSnapshot; creditNow: CreditSnapshot | null; stockNow: HeldLineStock[] }>> {
  if (!staffCan(actor, 'orders.approve')) throw forbidden()
  const rows = await db()
    .select({
      ...orderListFields,
      dealerOrgId: salesOrders.dealerOrgId,
      dealerCode: organizations.code,
      dealerNameEn: organizations.nameEn,
      dealerNameZh: organizations.nameZh,
      creditCheck: salesOrders.creditCheck,
    })
    .from(salesOrders)
    .innerJoin(warehouses, eq(warehouses.id, salesOrders.warehouseId))
    .innerJoin(organizations, eq(organizations.id, salesOrders.dealerOrgId))
    .where(and(eq(salesOrders.status, 'submitted'), eq(salesOrders.needsApproval, true)))
    .orderBy(asc(salesOrders.createdAt), asc(salesOrders.id))
    .limit(200)
  const [now, stock] = await Promise.all([creditNowOf(actor, rows), heldLinesStock(rows.map((r) => r.id))])
  return rows.map(({ creditCheck, dealerOrgId: _dealer, ...r }, i) => ({ ...r, credit: creditSnapshot(creditCheck), creditNow: now[i], stockNow: stock.get(r.id) ?? [] }))
}

/**
 * Every line of the given orders with what its order's warehouse has available now, in one
 * statement. Less what an order itself holds (one held before holds were dropped): that part is not
 * needed again.
 */
async function heldLinesStock(orderIds: string[]): Promise<Map<string, HeldLineStock[]>> {
  const out = new Map<string, HeldLineStock[]>()
  if (orderIds.length === 0) return out
  const rows = await db()
    .select({
      orderId: salesOrderLines.orderId,
      productId: salesOrderLines.productId,
      sku: products.sku,
      quantity: qtyText(sql`${salesOrderLines.quantity} - ${salesOrderLines.shippedQty} - ${salesOrderLines.cancelledQty} - coalesce((select sum(r.quantity) from ${stockReservations} r
        where r.source_type = 'sales_order' and r.source_id = ${salesOrderLines.orderId}::text and r.product_id = ${salesOrderLines.productId} and r.status = 'active'), 0)`),
      available: qtyText(sql`greatest(coalesce((select sum(b.on_hand - b.reserved) from stock_balances b
        where b.product_id = ${salesOrderLines.productId} and b.warehouse_id = ${salesOrders.warehouseId}), 0), 0)`),
    })
    .from(salesOrderLines)
    .innerJoin(salesOrders, eq(salesOrders.id, salesOrderLines.orderId))
    .innerJoin(products, eq(products.id, salesOrderLines.productId))
    .where(inArray(salesOrderLines.orderId, orderIds))
    .orderBy(asc(salesOrderLines.orderId), asc(salesOrderLines.position))
  for (const { orderId, ...l } of rows) {
    if (new D(l.quantity).lte(0)) continue
    out.set(orderId, [...(out.get(orderId) ?? []), l])
  }
  return out
}

/**
 * The credit check of orders still waiting for a decision, redone on today's figures: the
 * dealer's current limit and exposure. A waiting order is one of its dealer's open orders and
 * nothing of it has shipped, so the dealer's other open orders are the open value less its total.
 */
export async function creditNowOf(actor: Actor, orders: ReadonlyArray<{ dealerOrgId: string; total: string }>): Promise<Array<CreditSnapshot | null>> {
  // Any dealer's figures: for the host's staff who see orders, as on the dealer's console page.
  assertOrderViewer(actor)
  if (orders.length === 0) return []
  const dealerIds = [...new Set(orders.map((o) => o.dealerOrgId))]
  const [limits, exposure] = await Promise.all([
    db().select({ dealerOrgId: dealerTerms.dealerOrgId, limit: sql<string>`${dealerTerms.creditLimit}::text` }).from(dealerTerms).where(inArray(dealerTerms.dealerOrgId, dealerIds)),
    dealersExposure(db(), dealerIds),
  ])
  const limitOf = new Map(limits.map((l) => [l.dealerOrgId, l.limit]))
  return orders.map((o) => {
    const limit = limitOf.get(o.dealerOrgId)
    const now = exposure.get(o.dealerOrgId)
    if (limit === undefined || !now) return null
    return checkCredit({ limit, receivables: now.receivables, openOrders: new D(now.openOrders).minus(o.total), thisOrder: o.total })
  })
}

export interface CreditSnapshot {
  limit: string | null
  receivables: string | null
  openOrders: string | null
  thisOrder: string | null
  available: string | null
  overLimit: boolean
}

/** The credit check as stored at submission, reduced to its figures (decimal strings). */
function creditSnapshot(raw: unknown): CreditSnapshot {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const num = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null)
  const limit = num(o.limit)
  const thisOrder = num(o.thisOrder)
  const available = num(o.available)
  let overLimit = typeof o.overLimit === 'boolean' ? o.overLimit : false
  if (typeof o.overLimit !== 'boolean' && available !== null && thisOrder !== null) overLimit = new D(thisOrder).gt(available)
  return { limit, receivables: num(o.receivables), openOrders: num(o.openOrders), thisOrder, available, overLimit }
}

export interface OrderLineView {
  id: string
  position: number
  productId: string
  sku: string
  nameEn: string
  nameZh: string
  unit: string
  quantity: string
  unitPrice: string
  taxRate: string
  lineNet: string
  lineTax: string
  /** Held for this line now (active reservations). */
  reserved: string
  backordered: string
  shipped: string
  /** Will never ship: the order ended, or its rest was cancelled. */
  cancelled: string
}

export interface ShipmentView {
  id: string
  number: string
  carrier: string
  trackingNumber: string
  status: 'shipped' | 'delivered'
  shippedAt: string
  deliveredAt: string | null
  /**
   * Who confirmed the arrival. Staff see every name; a dealer sees its own users' names only (a
   * delivery the warehouse recorded is null for it, as is one recorded before names were kept).
   */
  deliveredByName: string | null
  lines: Array<ShipmentLineView>
}

export interface ShipmentLineView {
  orderLineId: string
  productId: string
  sku: string
  unit: string
  quantity: string
  /** The batches or serial numbers the line took, from the ledger's shipment moves (empty for stock kept without one). */
  batches: Array<{ batch: string; quantity: string }>
}

export interface TimelineEntry {
  at: string
  action: string
  /** Status after the step, when the row recorded one. */
  status: string | null
}

export interface OrderDetail {
  id: string
  number: string
  status: OrderStatus
  version: number
  dealer: { id: string; code: string; nameEn: string; nameZh: string }
  warehouse: { id: string; code: string; nameEn: string; nameZh: string }
  currency: string
  subtotal: string
  taxTotal: string
  total: string
  paidTotal: string
  needsApproval: boolean
  credit: CreditSnapshot
  approvedAt: string | null
  decisionNote: string | null
  /** The order's own cancellation (whole, or of its rest): null while nothing of it was cancelled so. */
  cancelledAt: string | null
  cancelReason: string | null
  /** Cancelling its backordered quantities, kept apart: a later cancellation of the order does not overwrite it. */
  backordersCancelledAt: string | null
  backordersCancelReason: string | null
  dealerReference: string | null
  shipTo: string | null
  note: string | null
  createdAt: string
  updatedAt: string
  lines: OrderLineView[]
  shipments: ShipmentView[]
  timeline: TimelineEntry[]
}

export interface ReservationView {
  id: string
  orderLineId: string | null
  sku: string
  warehouseCode: string
  /** Where the reserved units lie, as the picker looks for them: the bin and the batch or serial number (null: none). */
  binCode: string | null
  batch: string | null
  quantity: string
  status: string
  createdAt: string
}

export interface AuditEntryView {
  id: number
  at: string
  action: string
  entityType: string
  outcome: string
  actorName: string | null
  actorEmail: string | null
  actorKind: string
  before: unknown
  after: unknown
}

export interface StaffOrderDetail extends OrderDetail {
  priceTier: string
  placedBy: { name: string; email: string }
  approvedBy: string | null
  cancelledBy: string | null
  backordersCancelledBy: string | null
  reservations: ReservationView[]
  audit: AuditEntryView[]
  requisitions: Array<{ id: string; number: string; status: string }>
}

async function orderHead(where: SQL) {
  const [o] = await db()
    .select({
      id: salesOrders.id,
      number: salesOrders.number,
      status: salesOrders.status,
      version: salesOrders.version,
      dealerId: organizations.id,
      dealerCode: organizations.code,
      dealerNameEn: organizations.nameEn,
      dealerNameZh: organizations.nameZh,
      warehouseId: warehouses.id,
      warehouseCode: warehouses.code,
      warehouseNameEn: warehouses.nameEn,
      warehouseNameZh: warehouses.nameZh,
      currency: salesOrders.currency,
      priceTier: salesOrders.priceTier,
      subtotal: moneyText(salesOrders.subtotal),
      taxTotal: moneyText(salesOrders.taxTotal),
      total: moneyText(salesOrders.total),
      paidTotal: moneyText(salesOrders.paidTotal),
      needsApproval: salesOrders.needsApproval,
      creditCheck: salesOrders.creditCheck,
      placedBy: salesOrders.placedBy,
      approvedBy: salesOrders.approvedBy,
      cancelledBy: salesOrders.cancelledBy,
      backordersCancelledBy: salesOrders.backordersCancelledBy,
      approvedAt: isoOrNull(salesOrders.approvedAt),
      decisionNote: salesOrders.decisionNote,
      cancelledAt: isoOrNull(salesOrders.cancelledAt),
      cancelReason: salesOrders.cancelReason,
      backordersCancelledAt: isoOrNull(salesOrders.backordersCancelledAt),
      backordersCancelReason: salesOrders.backordersCancelReason,
      dealerReference: salesOrders.dealerReference,
      shipTo: salesOrders.shipTo,
      note: salesOrders.note,
      createdAt: iso(salesOrders.createdAt),
      updatedAt: iso(salesOrders.updatedAt),
    })
    .from(salesOrders)
    .innerJoin(organizations, eq(organizations.id, salesOrders.dealerOrgId))
    .innerJoin(warehouses, eq(warehouses.id, salesOrders.warehouseId))
    .where(where)
  return o ?? null
}
type Head = NonNullable<Awaited<ReturnType<typeof orderHead>>>

/**
 * Reservations of an order. The commands may key them by the order or by its lines, so both are
 * looked up (the (source_type, source_id) index serves either); a reservation keyed by the order
 * is attributed to the line of its product.
 */
async function reservationsOf(orderId: string, lines: Array<{ id: string; productId: string }>) {
  const ids = [orderId, ...lines.map((l) => l.id)]
  const rows = await db()
    .select({
      id: stockReservations.id,
      sourceId: stockReservations.sourceId,
      productId: stockReservations.productId,
      sku: products.sku,
      warehouseCode: warehouses.code,
      binCode: bins.code,
      batch: stockBalances.batch,
      quantity: qtyText(stockReservations.quantity),
      status: stockReservations.status,
      createdAt: iso(sql`${stockReservations.createdAt}`),
    })
    .from(stockReservations)
    .innerJoin(products, eq(products.id, stockReservations.productId))
    .innerJoin(warehouses, eq(warehouses.id, stockReservations.warehouseId))
    .leftJoin(stockBalances, eq(stockBalances.id, stockReservations.balanceId))
    .leftJoin(bins, eq(bins.id, stockBalances.binId))
    .where(and(inArray(stockReservations.sourceType, ['sales_order', 'sales_order_line']), inArray(stockReservations.sourceId, ids)))
    // One reservation's rows in the order a picker walks them: by product, bin, then batch or serial number.
    .orderBy(asc(stockReservations.createdAt), asc(products.sku), sql`${bins.code} nulls first`, sql`${stockBalances.batch} nulls first`, asc(stockReservations.id))
  const lineIds = new Set(lines.map((l) => l.id))
  return rows.map((r) => ({
    ...r,
    orderLineId: lineIds.has(r.sourceId) ? r.sourceId : (lines.find((l) => l.productId === r.productId)?.id ?? null),
  }))
}

async function linesOf(orderId: string) {
  return db()
    .select({
      id: salesOrderLines.id,
      position: salesOrderLines.position,
      productId: salesOrderLines.productId,
      sku: products.sku,
      nameEn: products.nameEn,
      nameZh: products.nameZh,
      unit: products.unit,
      quantity: qtyText(salesOrderLines.quantity),
      unitPrice: qtyText(salesOrderLines.unitPrice),
      taxRate: moneyText(salesOrderLines.taxRate),
      lineNet: moneyText(salesOrderLines.lineNet),
      lineTax: moneyText(salesOrderLines.lineTax),
      backordered: qtyText(salesOrderLines.backorderedQty),
      shipped: qtyText(salesOrderLines.shippedQty),
      cancelled: qtyText(salesOrderLines.cancelledQty),
    })
    .from(salesOrderLines)
    .innerJoin(products, eq(products.id, salesOrderLines.productId))
    .where(eq(salesOrderLines.orderId, orderId))
    .orderBy(asc(salesOrderLines.position))
}

/** `namesOfOrg`: only users of this organization are named (the dealer's view); null names everyone (staff). */
async function shipmentsOf(orderId: string, namesOfOrg: string | null): Promise<ShipmentView[]> {
  const [heads, lines, batches] = await Promise.all([
    db()
      .select({
        id: shipments.id,
        number: shipments.number,
        carrier: shipments.carrier,
        trackingNumber: shipments.trackingNumber,
        status: shipments.status,
        shippedAt: iso(shipments.shippedAt as any),
        deliveredAt: isoOrNull(shipments.deliveredAt),
        deliveredByName: users.name,
      })
      .from(shipments)
      .leftJoin(users, and(eq(users.id, shipments.deliveredBy), namesOfOrg === null ? undefined : eq(users.orgId, namesOfOrg)))
      .where(eq(shipments.orderId, orderId))
      .orderBy(asc(shipments.shippedAt), asc(shipments.number)),
    db()
      .select({
        shipmentId: shipmentLines.shipmentId,
        orderLineId: shipmentLines.orderLineId,
        productId: shipmentLines.productId,
        sku: products.sku,
        unit: products.unit,
        quantity: qtyText(shipmentLines.quantity),
      })
      .from(shipmentLines)
      .innerJoin(shipments, eq(shipments.id, shipmentLines.shipmentId))
      .innerJoin(products, eq(products.id, shipmentLines.productId))
      .where(eq(shipments.orderId, orderId)),
    shipmentBatchesOf(orderId),
  ])
  return heads.map((h) => ({
    ...h,
    lines: lines.filter((l) => l.shipmentId === h.id).map(({ shipmentId: _s, ...l }) => ({ ...l, batches: batches.get(shipmentLineKey(h.number, l.productId)) ?? [] })),
  }))
}

/**
 * The batches and serial numbers each shipment of an order took, from the ledger's shipment moves of
 * the order (the (reference_type, reference_id) index finds them; a shipment's number is its moves'
 * reason). Keyed by shipment number and product: an order has one line per product.
 */
async function shipmentBatchesOf(orderId: string): Promise<Map<string, Array<{ batch: string; quantity: string }>>> {
  const rows = await db()
    .select({ shipmentNumber: stockMoves.reason, productId: stockMoves.productId, batch: sql<string>`${stockMoves.batch}`, quantity: qtyText(sql`-sum(${stockMoves.quantity})`) })
    .from(stockMoves)
    .where(and(eq(stockMoves.referenceType, ORDER_SOURCE), eq(stockMoves.referenceId, orderId), eq(stockMoves.kind, 'shipment'), isNotNull(stockMoves.batch)))
    .groupBy(stockMoves.reason, stockMoves.productId, stockMoves.batch)
    .orderBy(asc(stockMoves.batch))
  const out = new Map<string, Array<{ batch: string; quantity: string }>>()
  for (const r of rows) {
    const key = shipmentLineKey(r.shipmentNumber, r.productId)
    out.set(key, [...(out.get(key) ?? []), { batch: r.batch, quantity: r.quantity }])
  }
  return out
}

const shipmentLineKey = (shipmentNumber: string, productId: string) => `${shipmentNumber}\u0000${productId}`

/** Audit rows of the order and of its shipments, in commit order. */
/**
 * The order's audit rows, the newest 500 in order. `stepsOnly` (the dealer's timeline): the rows
 * isStep keeps, chosen in SQL, so downloads and refused attempts never push a step out of the limit.
 */
async function auditOf(orderId: string, shipmentIds: string[], stepsOnly: boolean) {
  const actorUser = users
  const rows = await db()
    .select({
      id: auditLog.id,
      at: sql<string>`to_char(${auditLog.at} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      action: auditLog.action,
      entityType: auditLog.entityType,
      outcome: auditLog.outcome,
      actorKind: auditLog.actorKind,
      actorName: actorUser.name,
      actorEmail: actorUser.email,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.actorUserId))
    .where(
      and(
        or(
          and(eq(auditLog.entityType, ORDER_ENTITY), eq(auditLog.entityId, orderId)),
          shipmentIds.length ? and(eq(auditLog.entityType, 'shipment'), inArray(auditLog.entityId, shipmentIds)) : undefined,
        ),
        stepsOnly ? and(eq(auditLog.outcome, 'ok'), ne(auditLog.action, ORDER_EXPORTED)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(500)
  return rows.reverse()
}

/** A step of the order's timeline: a command that succeeded; a download or a refused attempt is not. */
const isStep = (a: { outcome: string; action: string }) => a.outcome === 'ok' && a.action !== ORDER_EXPORTED

function statusAfter(after: unknown): string | null {
  if (after && typeof after === 'object' && 'status' in after) {
    const s = (after as { status: unknown }).status
    return typeof s === 'string' ? s : null
  }
  return null
}

function assemble(head: Head, lines: Awaited<ReturnType<typeof linesOf>>, reservations: Awaited<ReturnType<typeof reservationsOf>>, ships: ShipmentView[], audit: Awaited<ReturnType<typeof auditOf>>): OrderDetail {
  const reservedByLine = new Map<string, InstanceType<typeof D>>()
  for (const r of reservations) {
    if (r.status !== 'active' || !r.orderLineId) continue
    reservedByLine.set(r.orderLineId, (reservedByLine.get(r.orderLineId) ?? new D(0)).plus(r.quantity))
  }
  return {
    id: head.id,
    number: head.number,
    status: head.status,
    version: head.version,
    dealer: { id: head.dealerId, code: head.dealerCode, nameEn: head.dealerNameEn, nameZh: head.dealerNameZh },
    warehouse: { id: head.warehouseId, code: head.warehouseCode, nameEn: head.warehouseNameEn, nameZh: head.warehouseNameZh },
    currency: head.currency,
    subtotal: head.subtotal,
    taxTotal: head.taxTotal,
    total: head.total,
    paidTotal: head.paidTotal,
    needsApproval: head.needsApproval,
    credit: creditSnapshot(head.creditCheck),
    approvedAt: head.approvedAt,
    decisionNote: head.decisionNote,
    cancelledAt: head.cancelledAt,
    cancelReason: head.cancelReason,
    backordersCancelledAt: head.backordersCancelledAt,
    backordersCancelReason: head.backordersCancelReason,
    dealerReference: head.dealerReference,
    shipTo: head.shipTo,
    note: head.note,
    createdAt: head.createdAt,
    updatedAt: head.updatedAt,
    lines: lines.map((l) => ({ ...l, reserved: (reservedByLine.get(l.id) ?? new D(0)).toFixed() })),
    shipments: ships,
    // Steps only (what auditOf's stepsOnly keeps), action and time: who did it and the before/after
    // stay in the console's audit trail.
    timeline: audit.filter(isStep).map((a) => ({ at: a.at, action: a.action, status: statusAfter(a.after) })),
  }
}

async function loadDetail(where: SQL, namesOfOrg: string | null) {
  const head = await orderHead(where)
  if (!head) return null
  const [lines, ships] = await Promise.all([linesOf(head.id), shipmentsOf(head.id, namesOfOrg)])
  const [reservations, audit] = await Promise.all([reservationsOf(head.id, lines), auditOf(head.id, ships.map((s) => s.id), namesOfOrg !== null)])
  return { head, lines, ships, reservations, audit }
}

/** One of the dealer's own orders; another dealer's, an unknown or a malformed id is null (404). */
/**
 * One of the dealer's own orders (the page, the PDF): another dealer's id, or an unknown one, is null,
 * and that attempt is recorded as denied (`meta.action`: what it was for, the page by default).
 */
export async function getOrderForDealer(actor: DealerActor, orderId: string, meta: { ip?: string | null; action?: string } = {}): Promise<OrderDetail | null> {
  if (!isUuid(orderId)) return null
  const d = await loadDetail(and(eq(salesOrders.id, orderId), eq(salesOrders.dealerOrgId, actor.orgId))!, actor.orgId)
  if (!d) {
    await recordNotTheirs({ actor, ip: meta.ip, action: meta.action ?? ORDER_VIEW }, { type: ORDER_ENTITY, id: orderId })
    return null
  }
  return assemble(d.head, d.lines, d.reservations, d.ships, d.audit)
}

/** The console's order page: the dealer's view plus reservations, the audit trail and the raised requisitions. */
export async function getOrderForStaff(actor: StaffActor, orderId: string): Promise<StaffOrderDetail | null> {
  assertOrderViewer(actor)
  if (!isUuid(orderId)) return null
  const d = await loadDetail(eq(salesOrders.id, orderId), null)
  if (!d) return null
  const names = await userNames([d.head.placedBy, d.head.approvedBy, d.head.cancelledBy, d.head.backordersCancelledBy])
  const reqs = await db()
    .select({ id: requisitions.id, number: requisitions.number, status: requisitions.status })
    .from(requisitions)
    .where(and(eq(requisitions.sourceType, 'sales_order'), eq(requisitions.sourceId, d.head.id)))
    .orderBy(asc(requisitions.createdAt))
  const placed = names.get(d.head.placedBy)
  return {
    ...assemble(d.head, d.lines, d.reservations, d.ships, d.audit),
    priceTier: d.head.priceTier,
    placedBy: { name: placed?.name ?? '', email: placed?.email ?? '' },
    approvedBy: d.head.approvedBy ? (names.get(d.head.approvedBy)?.name ?? null) : null,
    cancelledBy: d.head.cancelledBy ? (names.get(d.head.cancelledBy)?.name ?? null) : null,
    backordersCancelledBy: d.head.backordersCancelledBy ? (names.get(d.head.backordersCancelledBy)?.name ?? null) : null,
    reservations: d.reservations.map(({ sourceId: _s, productId: _p, ...r }) => r),
    audit: d.audit,
    requisitions: reqs,
  }
}

async function userNames(ids: Array<string | null>) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))]
  if (!wanted.length) return new Map<string, { name: string; email: string }>()
  const rows = await db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]))
}

export interface DealerOption {
  code: string
  /** In the reader's language. */
  name: string
}

const localName = (actor: StaffActor) => (actor.locale === 'en' ? organizations.nameEn : organizations.nameZh)

/** How many dealers one search answers with: a picker's list, not a page. */
export const DEALER_SEARCH_LIMIT = 20

/**
 * Dealers whose code or name (either language) contains `q`, by code, for the console's dealer
 * picker; an empty `q` gives the first ones. Bounded, so it stays small with thousands of dealers.
 */
export async function searchDealers(actor: StaffActor, q: string): Promise<DealerOption[]> {
  assertOrderViewer(actor)
  const text = q.trim()
  const p = likePattern(text)
  return db()
    .select({ code: organizations.code, name: localName(actor) })
    .from(organizations)
    .where(and(eq(organizations.kind, 'dealer'), text ? or(ilike(organizations.code, p), ilike(organizations.nameEn, p), ilike(organizations.nameZh, p)) : undefined))
    .orderBy(asc(organizations.code))
    .limit(DEALER_SEARCH_LIMIT)
}

/** Warehouses the cart may ship from. */
export async function warehouseOptions(_actor: Actor): Promise<Array<{ id: string; code: string; nameEn: string; nameZh: string }>> {
  return db().select({ id: warehouses.id, code: warehouses.code, nameEn: warehouses.nameEn, nameZh: warehouses.nameZh }).from(warehouses).orderBy(asc(warehouses.code))
}

export interface RequisitionListItem {
  id: string
  number: string
  status: RequisitionStatus
  sourceType: string
  sourceOrderId: string | null
  sourceOrderNumber: string | null
  lineCount: number
  createdAt: string
}

export async function listRequisitions(actor: StaffActor, params: ListParams<RequisitionSort>): Promise<{ rows: RequisitionListItem[]; total: number }> {
  assertRequisitionViewer(actor)
  const conds: SQL[] = []
  if (isRequisitionStatus(params.filters.status)) conds.push(eq(requisitions.status, params.filters.status))
  if (params.q) conds.push(or(numberMatches(requisitions.number, params.q), numberMatches(salesOrders.number, params.q))!)
  const where = conds.length ? and(...conds) : undefined
  const order = params.dir === 'asc' ? asc : desc
  const sortBy: Record<RequisitionSort, SQL> = { created: sql`${requisitions.createdAt}`, number: sql`${requisitions.number}` }
  const sourceJoin = and(eq(requisitions.sourceType, 'sales_order'), eq(salesOrders.id, requisitions.sourceId))
  const [rows, [{ total }]] = await Promise.all([
    db()
      .select({
        id: requisitions.id,
        number: requisitions.number,
        status: requisitions.status,
        sourceType: requisitions.sourceType,
        sourceOrderId: salesOrders.id,
        sourceOrderNumber: salesOrders.number,
        lineCount: sql<number>`(select count(*)::int from ${requisitionLines} where ${requisitionLines.requisitionId} = ${requisitions.id})`,
        createdAt: iso(requisitions.createdAt as any),
      })
      .from(requisitions)
      .leftJoin(salesOrders, sourceJoin)
      .where(where)
      .orderBy(order(sortBy[params.sort]), order(requisitions.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db().select({ total: sql<number>`count(*)::int` }).from(requisitions).leftJoin(salesOrders, sourceJoin).where(where),
  ])
  return { rows, total }
}

export interface RequisitionDetail extends RequisitionListItem {
  note: string | null
  sourceDealer: { code: string; nameEn: string; nameZh: string } | null
  lines: Array<{ id: string; sku: string; nameEn: string; nameZh: string; unit: string; warehouseCode: string; quantity: string; sourceLineId: string | null }>
}

export async function getRequisition(actor: StaffActor, id: string): Promise<RequisitionDetail | null> {
  assertRequisitionViewer(actor)
  if (!isUuid(id)) return null
  const [head] = await db()
    .select({
      id: requisitions.id,
      number: requisitions.number,
      status: requisitions.status,
      sourceType: requisitions.sourceType,
      sourceOrderId: salesOrders.id,
      sourceOrderNumber: salesOrders.number,
      note: requisitions.note,
      createdAt: iso(requisitions.createdAt as any),
      dealerCode: organizations.code,
      dealerNameEn: organizations.nameEn,
      dealerNameZh: organizations.nameZh,
    })
    .from(requisitions)
    .leftJoin(salesOrders, and(eq(requisitions.sourceType, 'sales_order'), eq(salesOrders.id, requisitions.sourceId)))
    .leftJoin(organizations, eq(organizations.id, salesOrders.dealerOrgId))
    .where(eq(requisitions.id, id))
  if (!head) return null
  const lines = await db()
    .select({
      id: requisitionLines.id,
      sku: products.sku,
      nameEn: products.nameEn,
      nameZh: products.nameZh,
      unit: products.unit,
      warehouseCode: warehouses.code,
      quantity: qtyText(requisitionLines.quantity),
      sourceLineId: requisitionLines.sourceLineId,
    })
    .from(requisitionLines)
    .innerJoin(products, eq(products.id, requisitionLines.productId))
    .innerJoin(warehouses, eq(warehouses.id, requisitionLines.warehouseId))
    .where(eq(requisitionLines.requisitionId, id))
    .orderBy(asc(products.sku))
  const { dealerCode, dealerNameEn, dealerNameZh, ...rest } = head
  return {
    ...rest,
    lineCount: lines.length,
    sourceDealer: dealerCode ? { code: dealerCode, nameEn: dealerNameEn!, nameZh: dealerNameZh! } : null,
    lines,
  }
}
