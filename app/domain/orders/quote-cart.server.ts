import { and, eq, inArray, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client'
import { dealerTerms, products, stockBalances, warehouses } from '~db/schema'
import type { Actor, DealerActor } from '~/auth/roles'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { dealerPricingState, priceCandidatesForProducts, type DealerPricingState } from '~/domain/sales/dealer-catalog.queries.server'
import { priceLadder, resolvePrice } from '~/domain/sales/pricing.rules'
import { businessDate, businessDateSql } from '~/domain/sales/sales.queries.server'
import { DomainError, forbidden } from '~/utils/errors'
import { D } from '~/utils/money'
import { withParams } from '~/utils/validation'
import { checkCredit, type CreditCheck } from './credit.rules'
import { dealerExposure } from './credit.server'
import { lineAmounts, orderTotals } from './order.rules'
import { quantityField, quoteCartSchema, refusalFor, type CartLine, type QuoteCartInput } from './order.validation'

const MAX_ORDER_TOTAL = '1000000000000000'

export interface QuotedLine {
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
  /** Available to promise in the chosen warehouse now (on hand − reserved). */
  available: string
  /** Part of the line would wait for stock (and raise a requisition) if submitted now. */
  willBackorder: boolean
  /** Counted goods: the cart words a quantity typed for this line for them. */
  wholeUnits: boolean
}

/** A cart line that cannot be ordered as it is, with the reason (a localized message key). */
export interface LineProblem {
  productId: string
  /** Known when the product exists (inactive, unpriced): the cart can still name it. */
  sku: string | null
  nameEn: string | null
  nameZh: string | null
  wholeUnits: boolean | null
  message: string
}

/** A preview's line whose quantity was refused as sent (quoteCart): priced as nothing, named with its reason. */
type RefusedLine = { productId: string; quantity: null; refused: string }

export interface CartQuote {
  currency: string
  priceTier: string
  /** The lines that can be ordered; the totals and the credit check are theirs. */
  lines: QuotedLine[]
  /** The lines that cannot (only in a preview: submission refuses the cart at the first). */
  problems: LineProblem[]
  /**
   * Set when lines are unpriced because no list of the dealer's tier in its currency is in force today: the cart says
   * that once, with whom to contact, rather than only a refusal per line.
   */
  noPriceList: Pick<DealerPricingState, 'salesContact'> | null
  subtotal: string
  taxTotal: string
  total: string
  credit: CreditCheck
}

export interface PricedCart extends CartQuote {
  creditLimit: string
  businessDate: string
}

/** Zod issues of a command's own re-validation, as a localized DomainError (the route parsed first; a second caller gets the same rule). */
export function badInputFrom(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): DomainError {
  const fieldErrors: Record<string, string[]> = {}
  for (const i of issues) {
    const key = i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join('') || ''
    ;(fieldErrors[key] ??= []).push(i.message)
  }
  return new DomainError('bad_input', issues[0]?.message ?? 'errors:bad_input', fieldErrors)
}

/** The columns of a dealer's terms pricing needs; submission reads them with its row lock. */
export const termsColumns = { tier: dealerTerms.priceTier, creditLimit: sql<string>`${dealerTerms.creditLimit}::text`, currency: dealerTerms.currency }
export type PricingTerms = { tier: string; creditLimit: string; currency: string }

/**
 * Prices a cart for a dealer from its own terms and price list (tier, volume break, validity on
 * the business date) and reads availability in the warehouse. Nothing of the price comes from the
 * client. Lines keep the cart's order.
 *
 * Every read is sent at once: on a transaction's connection they are pipelined, so submission pays
 * one round trip for all of them (the tier and the date are SQL inside the price query rather than
 * values read first). `terms`: the caller's already-read terms (submission reads them with its lock).
 */
export async function priceCart(
  q: DbOrTx,
  dealerOrgId: string,
  input: { warehouseId: string; lines: Array<CartLine | RefusedLine> },
  terms?: PricingTerms,
  opts: { preview?: boolean } = {},
): Promise<PricedCart> {
  const ids = input.lines.map((l) => l.productId)
  const tier = terms ? terms.tier : sql`(select ${dealerTerms.priceTier} from ${dealerTerms} where ${dealerTerms.dealerOrgId} = ${dealerOrgId})`
  const currency = terms ? terms.currency : sql`(select ${dealerTerms.currency} from ${dealerTerms} where ${dealerTerms.dealerOrgId} = ${dealerOrgId})`
  const productRows = q
    .select({ id: products.id, sku: products.sku, nameEn: products.nameEn, nameZh: products.nameZh, unit: products.unit, wholeUnits: products.wholeUnits, taxRate: sql<string>`${products.taxRate}::text`, active: products.active })
    .from(products)
    .where(inArray(products.id, ids))
  // Submission holds its products' rows (shared) until it commits: a product being made whole
  // (updateProduct locks it for update, then looks for fractions) either waits and sees this order's
  // lines, or goes first and this order reads the new rule. A preview locks nothing.
  const [termsRows, whs, prods, date, atp, candidates, exposure] = await Promise.all([
    terms ? [terms] : q.select(termsColumns).from(dealerTerms).where(eq(dealerTerms.dealerOrgId, dealerOrgId)),
    q.select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.id, input.warehouseId)),
    opts.preview ? productRows : productRows.for('share'),
    businessDate(q),
    q
      .select({ productId: stockBalances.productId, available: sql<string>`trim_scale(sum(${stockBalances.onHand} - ${stockBalances.reserved}))::text` })
      .from(stockBalances)
      .where(and(inArray(stockBalances.productId, ids), eq(stockBalances.warehouseId, input.warehouseId)))
      .groupBy(stockBalances.productId),
    priceCandidatesForProducts(q, tier, currency, ids, businessDateSql),
    dealerExposure(q, dealerOrgId),
  ])
  const [t] = termsRows
  if (!t) throw new DomainError('conflict', 'orders:errors.noTerms')
  if (!whs.length) throw new DomainError('bad_input', 'orders:errors.unknownWarehouse', { warehouseId: ['orders:errors.unknownWarehouse'] })
  const byId = new Map(prods.map((p) => [p.id, p]))
  const atpOf = new Map(atp.map((a) => [a.productId, a.available]))
  const lines: QuotedLine[] = []
  const problems: Array<LineProblem & { error: DomainError }> = []
  let unpriced = false
  input.lines.forEach((l, i) => {
    const p = byId.get(l.productId)
    const refuse = (error: DomainError) =>
      problems.push({ productId: l.productId, sku: p?.sku ?? null, nameEn: p?.nameEn ?? null, nameZh: p?.nameZh ?? null, wholeUnits: p?.wholeUnits ?? null, message: error.messageKey, error })
    if (!p || !p.active) return refuse(new DomainError('bad_input', 'orders:errors.unknownProduct', { [`lines[${i}].productId`]: ['orders:errors.unknownProduct'] }))
    if (l.quantity === null) {
      const msg = refusalFor(l.refused, p.wholeUnits)
      return refuse(new DomainError('bad_input', msg, { [`lines[${i}].quantity`]: [msg] }))
    }
    if (!fitsUnit(l.quantity, p.wholeUnits)) {
      const msg = withParams('catalog:errors.wholeUnits', { sku: p.sku })
      return refuse(new DomainError('bad_input', msg, { [`lines[${i}].quantity`]: [msg] }))
    }
    const lists = candidates.get(p.id) ?? []
    const price = resolvePrice(lists, { tier: t.tier, currency: t.currency, quantity: l.quantity, date })
    if (!price) {
      const ladder = priceLadder(lists, { tier: t.tier, currency: t.currency, date })
      const msg = ladder ? withParams('orders:errors.belowMinimum', { sku: p.sku, minQty: ladder.breaks[0].minQty }) : withParams('orders:errors.notPriced', { sku: p.sku })
      if (!ladder) unpriced = true
      return refuse(new DomainError('unprocessable', msg))
    }
    // Unreachable while the candidates are filtered by the dealer's currency; kept so no change there can ever charge a line
    // in a money the credit check does not count.
    if (price.currency !== t.currency) return refuse(new DomainError('unprocessable', withParams('orders:errors.currency', { sku: p.sku, currency: price.currency })))
    const quantity = new D(l.quantity).toFixed()
    const amounts = lineAmounts(quantity, price.unitPrice, p.taxRate)
    // A line worth as much as a whole order may be can never be ordered (and past 16 digits its amounts overflow line_net):
    // said on its own quantity, so the cart names the line while a preview still prices the others.
    if (new D(amounts.lineTotal).gte(MAX_ORDER_TOTAL)) {
      const msg = withParams('orders:errors.lineTooLarge', { sku: p.sku })
      return refuse(new DomainError('unprocessable', msg, { [`lines[${i}].quantity`]: [msg] }))
    }
    const available = D.max(new D(atpOf.get(p.id) ?? '0'), 0).toFixed()
    lines.push({
      productId: p.id,
      sku: p.sku,
      nameEn: p.nameEn,
      nameZh: p.nameZh,
      unit: p.unit,
      quantity,
      unitPrice: price.unitPrice,
      taxRate: p.taxRate,
      lineNet: amounts.lineNet,
      lineTax: amounts.lineTax,
      available,
      willBackorder: new D(available).lt(quantity),
      wholeUnits: p.wholeUnits,
    })
  })
  // Asked only when a line went unpriced (one more read, on the failing path alone): is it that no list is in force at all?
  const pricing = unpriced ? await dealerPricingState(dealerOrgId, q) : null
  const noPriceList = pricing?.state === 'noPriceList' ? { salesContact: pricing.salesContact } : null
  if (noPriceList && !opts.preview) {
    const contact = noPriceList.salesContact
    throw new DomainError('unprocessable', contact ? withParams('orders:errors.noPriceListNamed', { name: contact.name, email: contact.email }) : 'orders:errors.noPriceList')
  }
  // An order is all of its lines or nothing; a preview prices what it can and says what it cannot.
  if (problems.length > 0 && !opts.preview) throw problems[0].error
  const totals = orderTotals(lines)
  // Amounts are numeric(18,2): refuse an order the columns cannot hold rather than fail on insert.
  if (new D(totals.total).gte(MAX_ORDER_TOTAL)) throw new DomainError('unprocessable', 'orders:errors.amountTooLarge')
  const credit = checkCredit({ limit: t.creditLimit, receivables: exposure.receivables, openOrders: exposure.openOrders, thisOrder: totals.total })
  return {
    currency: t.currency,
    priceTier: t.tier,
    lines,
    problems: problems.map(({ error: _error, ...problem }) => problem),
    noPriceList,
    ...totals,
    credit,
    creditLimit: t.creditLimit,
    businessDate: date,
  }
}

/**
 * The cart page's preview: the same pricing and credit check submission will apply, written
 * nowhere. A line that cannot be ordered (deactivated, unpriced, below its minimum) is listed with
 * its reason while the others are priced, so the dealer sees what to fix and what the rest costs.
 */
export async function quoteCart(actor: DealerActor | Actor, input: QuoteCartInput): Promise<CartQuote> {
  if (actor.kind !== 'dealer') throw forbidden()
  const parsed = quoteCartSchema.safeParse(input)
  if (!parsed.success) throw badInputFrom(parsed.error.issues)
  // Each quantity by the order's own rule, its refusal kept for its line (a cart stored before the rule
  // was shared may hold 99999999999).
  const lines = parsed.data.lines.map(({ productId, quantity }): CartLine | RefusedLine => {
    const read = quantityField().safeParse(quantity)
    return read.success ? { productId, quantity: read.data } : { productId, quantity: null, refused: read.error.issues[0].message }
  })
  const priced = await priceCart(db(), actor.orgId, { warehouseId: parsed.data.warehouseId, lines }, undefined, { preview: true })
  return {
    currency: priced.currency,
    priceTier: priced.priceTier,
    lines: priced.lines,
    problems: priced.problems,
    noPriceList: priced.noPriceList,
    subtotal: priced.subtotal,
    taxTotal: priced.taxTotal,
    total: priced.total,
    credit: priced.credit,
  }
}
