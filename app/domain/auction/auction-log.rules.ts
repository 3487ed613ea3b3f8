// An event of the auction's log as the console, the PDF and the CSV show it. The detail is kept as
// data (names, plain amounts, UTC instants, reason codes): the page and the PDF put it into words in
// the reader's language, time zone and currency (logDetailText); the CSV keeps it machine-readable.
import { D, type Money } from '~/utils/money'
import { isLargeDrop } from './auction-bid.rules'
import type { AuctionEvent } from './auction-events.rules'
import type { AcceptedBid, AuctionSettings, BidRejectionCode, Instant } from './auction.rules'

export type LogDetail =
  | { kind: 'none' }
  /** Published (every invited supplier), or a participant added, accepting the terms, (re)activated. */
  | { kind: 'suppliers'; suppliers: string[] }
  /**
   * An accepted bid, or a surrogate bid; `confirmed`: sent with the large-drop confirmation (the
   * bidder's flag, as logged); `largeDrop`: whether the bid was in fact a large drop when it was placed
   * (largeDropBids), which the flag alone does not say: a bidder may confirm any bid; `reason`: why the
   * buyer bid for the supplier (null for the supplier's own bid, and a surrogate logged before its
   * reason was).
   */
  | { kind: 'bid'; supplier: string; amount: Money; bidId: string; confirmed: boolean; largeDrop: boolean; reason: string | null }
  /** `amount` as it was sent (it may be malformed: that is one of the reasons); `reason`: a refused surrogate attempt's. */
  | { kind: 'rejected'; supplier: string; amount: string; code: BidRejectionCode; maxAcceptable: Money | null; confirmed: boolean; reason: string | null }
  /** Supplier and amount of the voided bid (null only if the log names a bid the state lacks). */
  | { kind: 'voided'; supplier: string | null; amount: Money | null; bidId: string; reason: string }
  | { kind: 'extended'; bidId: string; from: Instant; to: Instant; count: number }
  | { kind: 'endExtended'; to: Instant; reason: string | null }
  /** Paused, cancelled: the buyer's reason. */
  | { kind: 'reason'; reason: string | null }
  /** Awarded, proposed, declined: the supplier and the justification or reason. */
  | { kind: 'supplierNote'; supplier: string; note: string | null }

/**
 * The accepted and surrogate bids of a log that were large drops when placed (D5): more than the max
 * single drop below the bidder's current bid of that moment (voids in the log taken into account), or
 * below the ceiling for a first bid. Judged from the log and the auction's settings (locked once
 * published), so the stored log, and its hash chain, stay as they are.
 */
export function largeDropBids(settings: Pick<AuctionSettings, 'ceiling' | 'maxSingleDropPercent'>, events: readonly AuctionEvent[]): ReadonlySet<string> {
  const byOrg = new Map<string, { id: string; amount: Money; voided: boolean }[]>()
  const orgOf = new Map<string, string>()
  const out = new Set<string>()
  for (const e of events) {
    if (e.type === 'bid_accepted' || e.type === 'surrogate_bid') {
      const own = byOrg.get(e.payload.orgId) ?? []
      const current = own.filter((b) => !b.voided).reduce<Money | null>((low, b) => (low === null || new D(b.amount).lt(low) ? b.amount : low), null)
      if (isLargeDrop(current ?? settings.ceiling, e.payload.amount, settings.maxSingleDropPercent)) out.add(e.payload.bidId)
      own.push({ id: e.payload.bidId, amount: e.payload.amount, voided: false })
      byOrg.set(e.payload.orgId, own)
      orgOf.set(e.payload.bidId, e.payload.orgId)
    } else if (e.type === 'bid_voided') {
      const bid = byOrg.get(orgOf.get(e.payload.bidId) ?? '')?.find((b) => b.id === e.payload.bidId)
      if (bid) bid.voided = true
    }
  }
  return out
}

/**
 * The detail of one event; `org` names an organization, `bid` finds a bid by id (voided ones too),
 * `largeDrop` tells whether a bid was a large drop when placed (largeDropBids).
 */
export function logDetailOf(e: AuctionEvent, lookup: { org: (orgId: string) => string; bid: (bidId: string) => AcceptedBid | undefined; largeDrop: (bidId: string) => boolean }): LogDetail {
  const { org } = lookup
  switch (e.type) {
    case 'published':
      return { kind: 'suppliers', suppliers: e.payload.participants.map(org) }
    case 'participant_added':
    case 'terms_accepted':
    case 'participant_deactivated':
    case 'participant_reactivated':
      return { kind: 'suppliers', suppliers: [org(e.payload.orgId)] }
    case 'bid_accepted':
      return { kind: 'bid', supplier: org(e.payload.orgId), amount: e.payload.amount, bidId: e.payload.bidId, confirmed: e.payload.confirm, largeDrop: lookup.largeDrop(e.payload.bidId), reason: null }
    case 'surrogate_bid':
      return { kind: 'bid', supplier: org(e.payload.orgId), amount: e.payload.amount, bidId: e.payload.bidId, confirmed: e.payload.confirm, largeDrop: lookup.largeDrop(e.payload.bidId), reason: e.payload.reason ?? null }
    case 'bid_rejected':
      return { kind: 'rejected', supplier: org(e.payload.orgId), amount: e.payload.amount, code: e.payload.code, maxAcceptable: e.payload.maxAcceptable, confirmed: e.payload.confirm, reason: e.payload.reason ?? null }
    case 'bid_voided': {
      const bid = lookup.bid(e.payload.bidId)
      return { kind: 'voided', supplier: bid ? org(bid.orgId) : null, amount: bid?.amount ?? null, bidId: e.payload.bidId, reason: e.payload.reason }
    }
    case 'extended':
      return { kind: 'extended', bidId: e.payload.bidId, from: e.payload.previousEndsAt, to: e.payload.newEndsAt, count: e.payload.extensions }
    case 'end_extended':
      return { kind: 'endExtended', to: e.payload.newEndsAt, reason: e.payload.reason }
    case 'paused':
    case 'cancelled':
      return { kind: 'reason', reason: e.payload.reason }
    case 'resumed':
      return { kind: 'reason', reason: e.payload.reason ?? null }
    case 'awarded':
    case 'award_proposed':
      return { kind: 'supplierNote', supplier: org(e.payload.orgId), note: e.payload.justification }
    case 'award_declined':
      return { kind: 'supplierNote', supplier: org(e.payload.orgId), note: e.payload.reason }
    default:
      return { kind: 'none' }
  }
}

export interface LogFormat {
  /** The 'auction' namespace's translation. */
  t: (key: string, params?: Record<string, string | number>) => string
  /** An amount as money in the auction's currency and the reader's language. */
  money: (amount: Money) => string
  /** An instant in the reader's time zone, to the second. */
  when: (instant: Instant) => string
  /** Names joined as the reader's language joins them ("a、b" / "a, b"). */
  list: (items: string[]) => string
}

// A sent amount that is a plain amount of cents is shown as money; anything else as it was sent.
const PLAIN_AMOUNT = /^\d{1,15}(\.\d{1,2})?$/

/** The detail in words: reason codes by their names, amounts as money, times in the reader's zone. */
export function logDetailText(d: LogDetail, f: LogFormat): string {
  switch (d.kind) {
    case 'none':
      return ''
    case 'suppliers':
      return f.list(d.suppliers)
    case 'bid': {
      // "(large drop, confirmed)" only for a drop that was large: the bidder's flag alone is set on any bid sent confirmed.
      const key = `console.log.text.${d.confirmed && d.largeDrop ? 'bidConfirmed' : 'bid'}${d.reason ? 'Reason' : ''}`
      return f.t(key, { supplier: d.supplier, amount: f.money(d.amount), ...(d.reason ? { reason: d.reason } : {}) })
    }
    case 'rejected': {
      const params = {
        supplier: d.supplier,
        amount: PLAIN_AMOUNT.test(d.amount) ? f.money(d.amount) : `“${d.amount}”`,
        reason: f.t(`portal.bid.reason.${d.code}`),
      }
      const refusal = d.maxAcceptable ? f.t('console.log.text.rejectedMax', { ...params, max: f.money(d.maxAcceptable) }) : f.t('console.log.text.rejected', params)
      return d.reason ? f.t('console.log.text.surrogateReason', { refusal, reason: d.reason }) : refusal
    }
    case 'voided':
      return d.supplier !== null && d.amount !== null
        ? f.t('console.log.text.voided', { supplier: d.supplier, amount: f.money(d.amount), reason: d.reason })
        : f.t('console.log.text.voidedUnknown', { bid: d.bidId.slice(0, 8), reason: d.reason })
    case 'extended':
      return f.t('console.log.text.extended', { from: f.when(d.from), to: f.when(d.to), count: d.count })
    case 'endExtended':
      return d.reason ? f.t('console.log.text.endExtendedReason', { to: f.when(d.to), reason: d.reason }) : f.t('console.log.text.endExtended', { to: f.when(d.to) })
    case 'reason':
      return d.reason ?? ''
    case 'supplierNote':
      return d.note ? `${d.supplier} · ${d.note}` : d.supplier
  }
}

/** The CSV's columns for the detail, each saying what it holds; amounts plain, times ISO 8601 UTC, codes as codes. */
export const LOG_CSV_DETAIL_COLUMNS = ['supplier', 'amount', 'reject_code', 'max_acceptable', 'large_drop_confirmed', 'bid_id', 'previous_ends_at_utc', 'new_ends_at_utc', 'extension_no', 'reason'] as const

export function logDetailCsv(d: LogDetail): string[] {
  const row: Record<(typeof LOG_CSV_DETAIL_COLUMNS)[number], string> = {
    supplier: '',
    amount: '',
    reject_code: '',
    max_acceptable: '',
    large_drop_confirmed: '',
    bid_id: '',
    previous_ends_at_utc: '',
    new_ends_at_utc: '',
    extension_no: '',
    reason: '',
  }
  switch (d.kind) {
    case 'suppliers':
      row.supplier = d.suppliers.join('; ')
      break
    case 'bid':
      Object.assign(row, { supplier: d.supplier, amount: d.amount, large_drop_confirmed: d.confirmed ? 'yes' : 'no', bid_id: d.bidId, reason: d.reason ?? '' })
      break
    case 'rejected':
      Object.assign(row, { supplier: d.supplier, amount: d.amount, reject_code: d.code, max_acceptable: d.maxAcceptable ?? '', large_drop_confirmed: d.confirmed ? 'yes' : 'no', reason: d.reason ?? '' })
      break
    case 'voided':
      Object.assign(row, { supplier: d.supplier ?? '', amount: d.amount ?? '', bid_id: d.bidId, reason: d.reason })
      break
    case 'extended':
      Object.assign(row, { bid_id: d.bidId, previous_ends_at_utc: d.from, new_ends_at_utc: d.to, extension_no: String(d.count) })
      break
    case 'endExtended':
      Object.assign(row, { new_ends_at_utc: d.to, reason: d.reason ?? '' })
      break
    case 'reason':
      row.reason = d.reason ?? ''
      break
    case 'supplierNote':
      Object.assign(row, { supplier: d.supplier, reason: d.note ?? '' })
      break
  }
  return LOG_CSV_DETAIL_COLUMNS.map((c) => row[c])
}
