// The typed event map shared by the socket server and the browser. Payloads are explicit DTOs.
import type { StaffPermission } from '~/auth/roles'
import type { BuyerProjection, SupplierProjection } from '~/domain/auction/auction-projection.rules'

export interface NotificationDto {
  id: string
  kind: string
  params: Record<string, string | number>
  link: string | null
  readAt: string | null
  createdAt: string
}

export interface ServerToClientEvents {
  'notification:new': (n: NotificationDto) => void
  'notification:read': (p: { ids: string[] | 'all' }) => void
  /**
   * Stock of these products changed (a committed move or reservation): pages showing them refetch.
   * Ids only, never quantities or prices: it goes to staff and to every dealer, and each refetch
   * passes the loader's own scoping.
   */
  'stock:changed': (p: { productIds: string[] }) => void
  /**
   * A cycle count was held for approval, approved or rejected: to staff (every staff role may view inventory), with ids
   * alone, so the counts list, the product's stock page and the approvers' home follow. A posted count also sends
   * stock:changed.
   */
  'stock:countChanged': (p: { countId: string; productId: string }) => void
  /**
   * The viewer's own projection of an auction (auction-rules.md, the live protocol): built per
   * socket from the committed state, so a supplier's payload never holds a rival's identity.
   */
  'auction:state': (s: AuctionStateDto) => void
  /**
   * A dealer order changed (status, reservation, shipment): to the dealer's organization room and
   * to the staff who may see orders (orders.view). Ids, number and status only; pages refetch
   * through their own scoped loaders.
   */
  'order:changed': (p: { orderId: string; number: string; status: string; version: number }) => void
  /**
   * A requisition was raised, shrank or was cancelled with its source order: to the staff who may
   * see requisitions (requisitions.view, buyers among them, who do not hear order:changed), with the id alone.
   */
  'requisition:changed': (p: { requisitionId: string }) => void
  /**
   * A dealer's terms (price tier, credit limit, payment terms, sales owner) changed: to that dealer's
   * organization room and to staff, with the id alone. Credit figures and prices on screen refetch
   * through their scoped loaders.
   */
  'dealer:termsChanged': (p: { dealerOrgId: string }) => void
  /**
   * What a dealer pays changed: a price list's item was set, removed or imported, or the list's tier,
   * currency or validity moved. To staff and to the organization rooms of the dealers whose tier the
   * list serves (before and after a tier move), with ids alone, never a price: the cart prices again
   * and the catalog refetches through their scoped loaders. `productIds` null: any of the list's products.
   * `priceListId` goes to staff alone, whose pages refresh the list they show.
   */
  'prices:changed': (p: { priceListId?: string; productIds: string[] | null }) => void
  /**
   * What a supplier's auction list shows of this auction (status, end time) changed: a pause,
   * resume, extension (by the buyer or a soft-close bid), start, close, cancellation or award. Sent
   * only to the rooms of the auction's active participant organizations, with the id alone; the
   * list refetches through its scoped loader. Never per bid unless the bid moved the end.
   */
  'auction:listChanged': (p: { auctionId: string }) => void
  /**
   * This organization's own standing in the auction changed: its rank (its bid, a rival's, a void)
   * or its acceptance of the terms (by a colleague, say). Sent only to the organizations concerned,
   * with the id alone: the supplier's home page refetches through its scoped loader. Never the
   * rank itself, and never to an organization whose own standing stayed.
   */
  'auction:standingChanged': (p: { auctionId: string }) => void
  /**
   * An outgoing mail was queued or its delivery moved on (sending, written or sent, back in the
   * queue, failed): to the staff who may read the mail page, with the id alone; the list refetches.
   */
  'mail:changed': (p: { mailId: string }) => void
  /**
   * An auction's award moved on (proposed, declined or withdrawn, awarded): to staff, with the id
   * alone, so a colleague's results page and the approval inbox follow a decision made elsewhere.
   */
  'auction:awardChanged': (p: { auctionId: string }) => void
}

/**
 * The buyer's live view adds which participant organizations have a socket in the auction's room
 * now, and the latest rejected attempts (newest first, at most 20; the total is rejectedAttempts).
 */
/**
 * Pushed buyer states carry only the latest LIVE_BUYER_BIDS of `bids` (every push would otherwise
 * grow with the auction); `bidsTotal` says how many there are. The results page reads them all.
 */
export type BuyerStateDto = BuyerProjection & { connectedOrgIds: string[]; recentRejections?: RejectedAttemptDto[]; bidsTotal?: number }
export const LIVE_BUYER_BIDS = 200
export interface RejectedAttemptDto {
  seq: number
  at: string
  orgId: string
  amount: string
  code: string
  surrogate: boolean
}
/**
 * `prevSeq` (pushed states only): the seq of the state this process last pushed to the room, so a
 * client holding an older seq knows it missed a push (coalesced commits are not a gap: each
 * state is complete).
 */
export type AuctionStateDto = (SupplierStateDto | BuyerStateDto) & { prevSeq?: number }
/**
 * Live supplier states (pushes, join and bid acks) carry only the bidder's latest LIVE_SUPPLIER_BIDS
 * own bids: each push goes to every bidder, and its size grew with every bid.
 */
export type SupplierStateDto = SupplierProjection
export const LIVE_SUPPLIER_BIDS = 50

export interface AuctionAckError {
  code: string
  message: string
  maxAcceptable?: string | null
  confirmationThreshold?: string
}

export type AuctionJoinAck = { ok: true; state: AuctionStateDto } | { ok: false; error: AuctionAckError }
export type AuctionBidAck =
  | { ok: true; bid: { id: string; amount: string; at: string; surrogate: boolean }; state: AuctionStateDto }
  | { ok: false; error: AuctionAckError; state?: AuctionStateDto }

export interface ClientToServerEvents {
  /** Asks for nothing but an answer: lets tests and the UI check the connection end to end. */
  ping: (ack: (p: { at: string }) => void) => void
  'auction:join': (p: { auctionId: string }, ack: (a: AuctionJoinAck) => void) => void
  'auction:bid': (p: { auctionId: string; amount: string; confirm?: boolean; clientBidId: string }, ack: (a: AuctionBidAck) => void) => void
  'auction:leave': (p: { auctionId: string }, ack?: (a: { ok: boolean }) => void) => void
}

export const rooms = {
  user: (userId: string) => `user:${userId}`,
  org: (orgId: string) => `org:${orgId}`,
  /** An organization's API-key sockets holding this scope: they hear only the organization's events their scopes cover. */
  orgKeys: (orgId: string, scope: string) => `org:${orgId}:key:${scope}`,
  /** The sockets of the API keys a person made: each acts with its maker's roles and status as of its handshake. */
  keysOf: (userId: string) => `user:${userId}:keys`,
  session: (sessionId: string) => `session:${sessionId}`,
  staff: () => 'staff',
  /** Every signed-in dealer user: hears only id-only catalog events (stock:changed). */
  dealers: () => 'dealers',
  /** Staff whose roles hold this permission (one of permissionRooms): hears what only they may see. */
  permission: (p: RoomPermission) => `staff-can:${p}`,
  /** Sockets that joined one auction (auction:join, after the server checked they may see it). */
  auction: (auctionId: string) => `auction:${auctionId}`,
}

/**
 * The staff permissions with a room of their own, for events only their holders may hear (mail:changed,
 * order:changed, requisition:changed). A staff socket joins the rooms of its roles at connection; a change
 * of roles ends it (disconnectActingFor), and its next handshake joins the new roles' rooms. A key's socket joins none.
 */
export const permissionRooms = ['mail.view', 'orders.view', 'requisitions.view'] as const satisfies readonly StaffPermission[]
export type RoomPermission = (typeof permissionRooms)[number]
