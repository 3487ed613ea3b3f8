// The live side of an auction: who may join its channel, what each viewer is sent after a commit
// (its own projection, built per viewer from one load of the committed state per process), the
// acks of the socket and the bodies of the HTTP API (one shape for both), and the announcements
// that keep the suppliers' auction lists current.
//
// Fan-out across processes: the process that committed tells the others with serverSideEmit
// (the Postgres/Redis adapters carry it); every process then pushes to ITS OWN sockets only, so a
// projection is never serialized across the adapter and each socket gets exactly its viewer's view.
// Bursts coalesce per auction: while one load is in flight, later commits only mark it dirty and
// one more load follows, so the last state always goes out and 100 bids/s never mean 100 loads
// per socket.
import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Server } from 'socket.io'
import { db } from '~db/client'
import { auctionEvents, auctionParticipants, organizations } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { i18nServer } from '~/i18n/i18next.server'
import { emitToOrgs, getIo } from '~/realtime/publisher.server'
import { LIVE_BUYER_BIDS, LIVE_SUPPLIER_BIDS, rooms, type AuctionAckError, type AuctionBidAck, type AuctionStateDto, type BuyerStateDto, type RejectedAttemptDto, type SupplierStateDto } from '~/realtime/events'
import { API_UNAUTHENTICATED_KEY, apiErrorInit } from '~/utils/api-response.server'
import { DomainError, logFailure } from '~/utils/errors'
import { AUCTION_VIEW, assertSupplierSees, isAuctionStaff, partnerAuctionAttempt } from './auction-access.server'
import { formatRejectionParams } from './auction-bid.rules'
import { buyerProjection, carryDerived, supplierProjection, type BuyerProjection, type StatusNote, type SupplierProjection } from './auction-projection.rules'
import type { AuctionEventType } from './auction-events.rules'
import { onAuctionCommitted, type AuctionCommitted } from './auction-publish.server'
import { dbNow, loadState, readAuction, readAuctionSince, stateOf, statusNoteOf, type AuctionRow } from './auction-store.server'
import { appendBids, isOpenAuction, type AuctionState, type Instant } from './auction.rules'
import type { BidOutcome } from './place-bid.server'

type Locale = Actor['locale']

/** Events one app process sends the others (socket.io serverSideEmit). */
export interface AuctionInterServerEvents {
  'auction:committed': (p: { auctionId: string; seq: number }) => void
  /** A supplier socket joined or left the room somewhere: buyers' connection lists are stale. */
  'auction:presence': (p: { auctionId: string }) => void
}

// The socket server's types are declared in realtime/server.ts; here only what is used.
type LiveIo = Server<any, any, any, { actor: Actor }>

/** Statuses during which viewers get the server's time every few seconds. */
export const HEARTBEAT_MS = Number(process.env.AUCTION_HEARTBEAT_MS ?? 5_000)
/** How long the list of connected participant orgs may be reused before it is asked again. */
const PRESENCE_TTL_MS = 5_000
/**
 * Pushes to one auction's room start at most this often per process. Commits arriving meanwhile
 * merge into the next push (each state is complete), so a burst of bids costs one load and one
 * projection per viewer per interval instead of one per commit, and the CPU goes to the bids.
 * Since bids commit in batches and pushes extend the state held, 20 ms keeps a steady auction's
 * delivery near one push per commit (50 ms had been the median delay at 40 bids/s).
 */
const FANOUT_MIN_INTERVAL_MS = Number(process.env.AUCTION_FANOUT_MIN_MS ?? 20)

// ---------------------------------------------------------------------------------------------
// Messages and ack bodies (shared by the socket and the HTTP API)

const fixedT = new Map<Locale, Awaited<ReturnType<typeof i18nServer.getFixedT>>>()
async function translator(locale: Locale) {
  let t = fixedT.get(locale)
  if (!t) {
    t = await i18nServer.getFixedT(locale, 'auction')
    fixedT.set(locale, t)
  }
  return t
}

export async function translate(locale: Locale, key: string, params: Record<string, string> = {}): Promise<string> {
  const t = await translator(locale)
  return t(key, params) as string
}

/** The live protocol's error codes for what is not a rule rejection, with their HTTP status. */
export const liveErrors = {
  NOT_FOUND: { status: 404, key: 'auction:live.notFound' },
  // One refusal, one text: the same words as every other 403 of the API and the pages.
  FORBIDDEN: { status: 403, key: 'errors:forbidden' },
  BAD_REQUEST: { status: 400, key: 'auction:live.badRequest' },
  // M2: a body over the route's limit is a 413, as the HTTP layer's own limit and the order route answer it.
  TOO_LARGE: { status: 413, key: 'auction:live.tooLarge' },
  INVALID_AMOUNT: { status: 400, key: 'auction:live.invalidAmount' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, key: 'auction:live.idempotencyKeyRequired' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, key: 'auction:live.idempotencyKeyReused' },
  ACTION_TOKEN_REQUIRED: { status: 403, key: 'auction:live.actionTokenRequired' },
  UNAVAILABLE: { status: 503, key: 'auction:live.unavailable' },
} as const
export type LiveErrorCode = keyof typeof liveErrors

export async function liveError(locale: Locale, code: LiveErrorCode): Promise<AuctionAckError> {
  return { code, message: await translate(locale, liveErrors[code].key) }
}

/**
 * A thrown error as the protocol's error: not_found and forbidden both read NOT_FOUND on the
 * socket (a channel the viewer may not see does not exist for them); HTTP keeps 403 for staff.
 */
export function liveCodeOf(err: unknown): LiveErrorCode {
  if (err instanceof DomainError) {
    if (err.messageKey === 'auction:errors.idempotencyKeyReused') return 'IDEMPOTENCY_KEY_REUSED'
    if (err.code === 'not_found') return 'NOT_FOUND'
    if (err.code === 'forbidden') return 'FORBIDDEN'
    if (err.code === 'bad_input' || err.code === 'unprocessable') return 'BAD_REQUEST'
  }
  return 'UNAVAILABLE'
}

/** A rejection's message in the reader's language, its amounts as money in the auction's currency. */
export async function bidRejectionText(locale: Locale, currency: string, error: { messageKey: string; messageParams: Record<string, string> }): Promise<string> {
  return translate(locale, error.messageKey, formatRejectionParams(error.messageParams, currency, locale))
}

/** What placeBid returned, as the ack/HTTP body in the bidder's language, with the new state. */
export async function bidAckFrom(actor: Actor, out: BidOutcome & { projection: SupplierProjection }): Promise<AuctionBidAck> {
  const a = out.answer
  const state = supplierState(out.projection)
  if (a.ok) return { ok: true, bid: a.bid, state }
  return {
    ok: false,
    error: {
      code: a.error.code,
      message: await bidRejectionText(actor.locale, out.projection.currency, a.error),
      maxAcceptable: a.error.maxAcceptable,
      ...(a.error.confirmationThreshold ? { confirmationThreshold: a.error.confirmationThreshold } : {}),
    },
    state,
  }
}

// ---------------------------------------------------------------------------------------------
// Loading and projecting

interface Snapshot {
  row: AuctionRow
  state: AuctionState
  seq: number
  serverTime: Instant
  names: Record<Locale, Record<string, string>> | null
  rejections: RejectedAttemptDto[]
  /** The pause's or the cancellation's reason; only a full load changes the status, and reads it again. */
  statusNote: StatusNote | null
}

const RECENT_REJECTIONS = 20

const rejectionOf = (r: { seq: number; at: unknown; payload: unknown }): RejectedAttemptDto => {
  const p = r.payload as { orgId: string; amount: string; code: string; surrogate: boolean }
  return { seq: r.seq, at: new Date(r.at as string | Date).toISOString(), orgId: p.orgId, amount: String(p.amount), code: p.code, surrogate: !!p.surrogate }
}

/** The latest refused attempts from the log, for the buyer's monitor only. */
async function recentRejections(auctionId: string): Promise<RejectedAttemptDto[]> {
  const rows = await db()
    .select({ seq: auctionEvents.seq, at: auctionEvents.at, payload: auctionEvents.payload })
    .from(auctionEvents)
    .where(and(eq(auctionEvents.auctionId, auctionId), eq(auctionEvents.type, 'bid_rejected')))
    .orderBy(desc(auctionEvents.seq))
    .limit(RECENT_REJECTIONS)
  return rows.map(rejectionOf)
}

async function participantNames(ids: string[]): Promise<Record<Locale, Record<string, string>>> {
  if (!ids.length) return { 'zh-CN': {}, en: {} }
  const rows = await db().select({ id: organizations.id, zh: organizations.nameZh, en: organizations.nameEn }).from(organizations).where(inArray(organizations.id, ids))
  return {
    'zh-CN': Object.fromEntries(rows.map((r) => [r.id, r.zh])),
    en: Object.fromEntries(rows.map((r) => [r.id, r.en ?? r.zh])),
  }
}

async function loadSnapshot(auctionId: string, withNames: boolean): Promise<Snapshot | null> {
  const q = db()
  const row = await readAuction(q, auctionId)
  if (!row) return null
  const [state, serverTime, statusNote] = await Promise.all([loadState(q, row), dbNow(q), statusNoteOf(q, row.id, row.status)])
  const [names, rejections] = withNames ? await Promise.all([participantNames(state.participants.map((p) => p.orgId)), recentRejections(row.id)]) : [null, []]
  return { row, state, seq: row.lastSeq, serverTime, names, rejections, statusNote }
}

/** Beyond this many new events a full load is cheaper than reading and applying them. */
const MAX_INCREMENT = 2_000

/**
 * The committed state after `prev`: while only bids happened since (the common case, many times a
 * second in a busy auction), the new bids are read from the log and appended to the state held,
 * instead of reading every bid again for every push. Anything else (a void, a participant, a
 * pause) reloads in full. The row, the clock and the log up to the row's sequence number come
 * from one statement, so they describe the same commit and cost one round trip.
 */
async function nextSnapshot(prev: Snapshot | undefined, auctionId: string, withNames: boolean): Promise<Snapshot | null> {
  if (!prev || (withNames && !prev.names)) return loadSnapshot(auctionId, withNames)
  const read = await readAuctionSince(db(), auctionId, prev.seq, MAX_INCREMENT)
  if (!read) return null
  const { row, now: serverTime, since } = read
  if (!since) return loadSnapshot(auctionId, withNames)
  const added = since.bids
  const refused = since.rejected.map(rejectionOf)
  let bids = prev.state.bids
  if (added.length) {
    bids = appendBids(prev.state.bids, added)
    carryDerived(prev.state.bids, bids, added)
  }
  const state = stateOf(row, prev.state.participants, bids)
  const rejections = refused.length ? [...refused.reverse(), ...prev.rejections].slice(0, RECENT_REJECTIONS) : prev.rejections
  return { row, state, seq: row.lastSeq, serverTime, names: prev.names, rejections, statusNote: prev.statusNote }
}

/** A supplier projection as the live channel sends it: the latest own bids only. */
export function supplierState(p: SupplierProjection): SupplierStateDto {
  if (p.myBids.length <= LIVE_SUPPLIER_BIDS) return p
  return { ...p, myBids: p.myBids.slice(-LIVE_SUPPLIER_BIDS) }
}

function buyerState(s: Snapshot, locale: Locale, connectedOrgIds: string[]): BuyerStateDto {
  const p: BuyerProjection = buyerProjection(s.state, { auctionId: s.row.id, seq: s.seq, serverTime: s.serverTime, statusNote: s.statusNote, orgNames: s.names?.[locale], recentBids: LIVE_BUYER_BIDS })
  return { ...p, bidsTotal: s.state.bids.length, connectedOrgIds, recentRejections: s.rejections }
}

/**
 * The viewer's own projection, or a NOT_FOUND/FORBIDDEN DomainError: the same rule as
 * auctionViewFor, plus the buyer's connected-participants list.
 */
export function liveViewFor(
  actor: Actor,
  auctionId: string,
  opts: { io?: LiveIo; afterAccessCheck?: (auctionId: string) => Promise<void> | void; ip?: string | null; action?: string } = {},
): Promise<AuctionStateDto> {
  return partnerAuctionAttempt(actor, auctionId, { ip: opts.ip, action: opts.action ?? AUCTION_VIEW }, () => liveView(actor, auctionId, opts))
}

async function liveView(actor: Actor, auctionId: string, opts: { io?: LiveIo; afterAccessCheck?: (auctionId: string) => Promise<void> | void }): Promise<AuctionStateDto> {
  const io = opts.io ?? (getIo() as LiveIo | undefined)
  const q = db()
  const row = await readAuction(q, auctionId)
  if (!row) throw new DomainError('not_found')
  if (actor.kind === 'supplier') await assertSupplierSees(q, actor, row)
  else if (actor.kind !== 'staff') throw new DomainError('not_found')
  else if (!isAuctionStaff(actor)) throw new DomainError('forbidden')
  // The socket joins its room here, before the state is read: a commit landing meanwhile is then
  // either in this state or pushed to the socket, never lost between the two.
  await opts.afterAccessCheck?.(row.id)
  const isBuyer = actor.kind === 'staff'
  const [state, serverTime, statusNote] = await Promise.all([loadState(q, row), dbNow(q), statusNoteOf(q, row.id, row.status)])
  if (!isBuyer) return supplierState(supplierProjection(state, actor.orgId, { auctionId: row.id, seq: row.lastSeq, serverTime, statusNote }))
  const [names, rejections, connected] = await Promise.all([participantNames(state.participants.map((p) => p.orgId)), recentRejections(row.id), connectedOrgIds(io, row.id)])
  return buyerState({ row, state, seq: row.lastSeq, serverTime, names, rejections, statusNote }, actor.locale, connected)
}

// ---------------------------------------------------------------------------------------------
// Presence: which participant organizations have a socket in the room, on any process

// Held per socket server (one per process in production), filled by asking every process.
const fanouts = new WeakMap<object, AuctionFanout>()

export async function connectedOrgIds(io: LiveIo | undefined, auctionId: string): Promise<string[]> {
  const f = io && fanouts.get(io)
  return f ? f.connectedOrgIds(auctionId) : []
}

// ---------------------------------------------------------------------------------------------
// Fan-out on one process

interface Dirty {
  force: boolean
  presence: boolean
}

export class AuctionFanout {
  private dirty = new Map<string, Dirty>()
  private running = new Set<string>()
  private lastSent = new Map<string, number>()
  private lastStatus = new Map<string, string>()
  /** The last state loaded per auction, which the next load extends. */
  private snapshots = new Map<string, Snapshot>()
  private closed = false
  private presence = new Map<string, { orgIds: string[]; at: number }>()
  private refreshing = new Map<string, Promise<string[]>>()

  constructor(private io: LiveIo) {
    fanouts.set(io, this)
  }

  /** Asks every process (single flight per auction); a process that does not answer costs the adapter's timeout. */
  private fetchPresence(auctionId: string): Promise<string[]> {
    let p = this.refreshing.get(auctionId)
    if (!p) {
      p = (async () => {
        try {
          // Across processes through the adapter; the actor arrives serialized, so only plain fields are read.
          const sockets = await this.io.in(rooms.auction(auctionId)).fetchSockets()
          const ids = [...new Set(sockets.map((s) => (s.data as { actor?: { kind?: string; orgId?: string } })?.actor).filter((a) => a?.kind === 'supplier').map((a) => a!.orgId!))].sort()
          this.presence.set(auctionId, { orgIds: ids, at: Date.now() })
          return ids
        } catch {
          return this.presence.get(auctionId)?.orgIds ?? []
        } finally {
          this.refreshing.delete(auctionId)
        }
      })()
      this.refreshing.set(auctionId, p)
    }
    return p
  }

  /** For a buyer's join: the held list while fresh, else a new one. */
  async connectedOrgIds(auctionId: string): Promise<string[]> {
    const cached = this.presence.get(auctionId)
    if (cached && Date.now() - cached.at < PRESENCE_TTL_MS) return cached.orgIds
    return this.fetchPresence(auctionId)
  }

  /**
   * A supplier socket joined or left somewhere: if buyers watch here, ask again, and push only if
   * the list changed. Until then buyers keep the last known list (never an empty one in between).
   */
  presenceChanged(auctionId: string) {
    if (this.closed || !this.localSockets(auctionId).some((s) => s.data.actor?.kind === 'staff')) return
    const before = JSON.stringify(this.presence.get(auctionId)?.orgIds ?? null)
    const cached = this.presence.get(auctionId)
    if (cached) cached.at = 0
    // A question already in flight may predate the change: ask once more after it.
    const inFlight = this.refreshing.get(auctionId)
    const asked = inFlight ? inFlight.then(() => this.fetchPresence(auctionId)) : this.fetchPresence(auctionId)
    void asked.then((ids) => {
      if (JSON.stringify(ids) !== before) this.notify(auctionId, { presence: true })
    })
  }

  /** Local sockets in the auction's room (this process only). */
  localSockets(auctionId: string) {
    const ids = this.io.of('/').adapter.rooms.get(rooms.auction(auctionId))
    if (!ids) return []
    const out = []
    for (const id of ids) {
      const s = this.io.of('/').sockets.get(id)
      if (s) out.push(s)
    }
    return out
  }

  localAuctionIds(): string[] {
    const out: string[] = []
    for (const room of this.io.of('/').adapter.rooms.keys()) if (room.startsWith('auction:')) out.push(room.slice('auction:'.length))
    return out
  }

  /** A commit (or a heartbeat, or a presence change) for this auction: push once the load is in. */
  notify(auctionId: string, opts: Partial<Dirty> = {}) {
    if (this.closed) return
    const d = this.dirty.get(auctionId) ?? { force: false, presence: false }
    d.force ||= !!opts.force
    d.presence ||= !!opts.presence
    this.dirty.set(auctionId, d)
    if (!this.running.has(auctionId)) void this.run(auctionId)
  }

  heartbeat() {
    for (const id of this.localAuctionIds()) {
      const status = this.lastStatus.get(id)
      if (status === undefined || isOpenAuction(status)) this.notify(id, { force: true })
    }
  }

  close() {
    this.closed = true
    this.dirty.clear()
    this.snapshots.clear()
  }

  private async run(auctionId: string) {
    this.running.add(auctionId)
    try {
      let lastStart = 0
      while (this.dirty.has(auctionId) && !this.closed) {
        const wait = lastStart + FANOUT_MIN_INTERVAL_MS - Date.now()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        lastStart = Date.now()
        if (this.closed) break
        const d = this.dirty.get(auctionId)!
        this.dirty.delete(auctionId)
        const sockets = this.localSockets(auctionId)
        if (!sockets.length) {
          this.lastSent.delete(auctionId)
          this.lastStatus.delete(auctionId)
          this.presence.delete(auctionId)
          this.snapshots.delete(auctionId)
          continue
        }
        const hasBuyer = sockets.some((s) => s.data.actor?.kind === 'staff')
        let snap: Snapshot | null
        try {
          snap = await nextSnapshot(this.snapshots.get(auctionId), auctionId, hasBuyer)
        } catch (err) {
          this.snapshots.delete(auctionId)
          // The database is unreachable: the next commit or heartbeat tries again (and a server
          // shutting down has nobody left to tell).
          if (!this.closed) logFailure('auction fan-out load failed', err)
          continue
        }
        if (!snap) {
          this.snapshots.delete(auctionId)
          continue
        }
        this.snapshots.set(auctionId, snap)
        this.lastStatus.set(auctionId, snap.row.status)
        const prev = this.lastSent.get(auctionId)
        if (prev !== undefined && snap.seq < prev) continue
        if (prev !== undefined && snap.seq === prev && !d.force && !d.presence) continue
        // Never wait for the other processes on the push path: use the list held, and when it is
        // stale ask for a new one, which pushes again only if the list changed.
        let connected: string[] = []
        if (hasBuyer) {
          const cached = this.presence.get(auctionId)
          connected = cached?.orgIds ?? []
          if (!cached || Date.now() - cached.at >= PRESENCE_TTL_MS) {
            const before = JSON.stringify(connected)
            void this.fetchPresence(auctionId).then((ids) => {
              if (JSON.stringify(ids) !== before) this.notify(auctionId, { presence: true })
            })
          }
        }
        // Sockets are read again: one may have left while the state loaded. Sockets with the same
        // view share one emit, which encodes the state once for all of them.
        const perViewer = new Map<string, { dto: AuctionStateDto; socketIds: string[] }>()
        for (const s of this.localSockets(auctionId)) {
          const actor = s.data.actor
          if (!actor) continue
          let key: string
          if (actor.kind === 'supplier') {
            // Access can end while a socket sits in the room (deactivated participant).
            if (snap.row.status === 'draft' || !snap.state.participants.some((p) => p.orgId === actor.orgId && p.active)) {
              void s.leave(rooms.auction(auctionId))
              continue
            }
            key = `s:${actor.orgId}`
          }
          else if (actor.kind === 'staff' && isAuctionStaff(actor)) key = `b:${actor.locale}`
          else continue // nobody else is ever let into the room; never send them anything
          let view = perViewer.get(key)
          if (!view) {
            const base: AuctionStateDto =
              actor.kind === 'supplier'
                ? supplierState(supplierProjection(snap.state, actor.orgId, { auctionId, seq: snap.seq, serverTime: snap.serverTime, statusNote: snap.statusNote }))
                : buyerState(snap, actor.locale, connected)
            // prevSeq only when this process pushed before: a socket's join ack is never older
            // than a push it missed (it joins the room before reading), so a client holding less
            // than prevSeq really missed a push.
            view = { dto: prev === undefined ? base : { ...base, prevSeq: prev }, socketIds: [] }
            perViewer.set(key, view)
          }
          view.socketIds.push(s.id)
        }
        // Local only: every process pushes to its own sockets (the others were told of the commit).
        for (const { dto, socketIds } of perViewer.values()) this.io.local.to(socketIds).emit('auction:state', dto)
        this.lastSent.set(auctionId, snap.seq)
      }
    } finally {
      this.running.delete(auctionId)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The suppliers' auction lists: a change of status or end time reaches the invited organizations

/**
 * The events that change a row of a supplier's list (its status or its end). Bids, rejections and
 * voids change only the ladder, which the list does not show: a busy auction must not make every
 * invited supplier's list refetch per bid. A bid that moved the end logs `extended` and counts.
 * Invitations (`published`, `participant_added`) reach the list through their bell notification.
 */
const LIST_EVENTS: ReadonlySet<AuctionEventType> = new Set<AuctionEventType>(['started', 'paused', 'resumed', 'end_extended', 'extended', 'cancelled', 'closed', 'unsuccessful', 'awarded'])

const changesSupplierList = (c: AuctionCommitted) => c.events.some((e) => LIST_EVENTS.has(e.type))

/**
 * One emit per commit, the id alone, to the rooms of the organizations that see the auction in
 * their list (its active participants, as auctionsVisibleTo decides): never to another supplier,
 * a dealer or staff. A batch of bids with several extensions is still one commit and one emit.
 */
async function announceListChange(c: AuctionCommitted) {
  if (!changesSupplierList(c)) return
  const rows = await db()
    .select({ orgId: auctionParticipants.orgId })
    .from(auctionParticipants)
    .where(and(eq(auctionParticipants.auctionId, c.auctionId), eq(auctionParticipants.active, true)))
  emitToOrgs(rows.map((r) => r.orgId), 'auction:listChanged', { auctionId: c.auctionId })
}

/**
 * To the organizations whose own standing this commit changed (rank, terms accepted), the id alone.
 * The committing process knows whose rank moved; the adapter carries the emit to the others.
 */
function announceStandingChange(c: AuctionCommitted) {
  const orgIds = new Set(c.ranksMoved ?? [])
  for (const e of c.events) if (e.type === 'terms_accepted') orgIds.add(e.payload.orgId)
  if (orgIds.size) emitToOrgs([...orgIds], 'auction:standingChanged', { auctionId: c.auctionId })
}

// ---------------------------------------------------------------------------------------------
// Wiring one socket server

export interface AuctionLive {
  fanout: AuctionFanout
  /** A supplier socket joined or left: buyers everywhere refresh their connection list. */
  presenceChanged(auctionId: string): void
  close(): void
}

export function installAuctionLive(io: LiveIo, opts: { crossProcess: boolean; heartbeatMs?: number }): AuctionLive {
  const fanout = new AuctionFanout(io)
  const broadcast = <E extends keyof AuctionInterServerEvents>(event: E, p: Parameters<AuctionInterServerEvents[E]>[0]) => {
    if (opts.crossProcess) (io as unknown as { serverSideEmit: (e: string, p: unknown) => void }).serverSideEmit(event, p)
  }

  // Several socket servers can share one Node process (tests); the one the publisher holds acts
  // for the process, as the only one does in production.
  const off = onAuctionCommitted(async (c) => {
    if (getIo() !== (io as unknown)) return
    fanout.notify(c.auctionId)
    broadcast('auction:committed', { auctionId: c.auctionId, seq: c.seq })
    // Not awaited: a soft-close bid's answer waits for these listeners, and the lists can wait a read.
    void announceListChange(c).catch((err) => logFailure('auction list announcement failed', err))
    announceStandingChange(c)
  })
  const inter = io as unknown as Server<any, any, AuctionInterServerEvents>
  inter.on('auction:committed', (p) => {
    if (p && typeof p.auctionId === 'string') fanout.notify(p.auctionId)
  })
  inter.on('auction:presence', (p) => {
    if (p && typeof p.auctionId === 'string') fanout.presenceChanged(p.auctionId)
  })

  const timer = setInterval(() => fanout.heartbeat(), opts.heartbeatMs ?? HEARTBEAT_MS)
  timer.unref()

  return {
    fanout,
    presenceChanged(auctionId) {
      fanout.presenceChanged(auctionId)
      broadcast('auction:presence', { auctionId })
    },
    close() {
      off()
      clearInterval(timer)
      fanout.close()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP API answers (app/routes/api.v1.auctions*): the socket's ack bodies with HTTP statuses

/** `messageKey` gives a refusal words more exact than its code's (a body not declared JSON is a BAD_REQUEST that says why). */
export async function apiError(locale: Locale, code: LiveErrorCode | 'UNAUTHENTICATED' | 'METHOD_NOT_ALLOWED', init: ResponseInit = {}, messageKey?: string): Promise<Response> {
  const known = Object.hasOwn(liveErrors, code) ? liveErrors[code as LiveErrorCode] : null
  const status = known?.status ?? (code === 'UNAUTHENTICATED' ? 401 : 405)
  const key = messageKey ?? known?.key ?? (code === 'UNAUTHENTICATED' ? API_UNAUTHENTICATED_KEY : 'auction:live.methodNotAllowed')
  return Response.json({ ok: false, error: { code, message: await translate(locale, key) } }, apiErrorInit(status, init))
}

/** A thrown error as an API answer; not_found stays 404 and a permission refusal is 403. */
export async function apiErrorFrom(locale: Locale, err: unknown): Promise<Response> {
  const code = liveCodeOf(err)
  if (code === 'UNAVAILABLE' && !(err instanceof DomainError)) logFailure('auction API failed', err)
  return apiError(locale, code)
}
