/**
 * useAuctionRoom(auctionId, initial?) — the one client for an auction's live channel; the console
 * monitor and the supplier bid room both build on it. It joins `auction:join` on mount, on every
 * (re)connect, and leaves on unmount; `state` is the viewer's own projection (SupplierProjection
 * for a supplier, BuyerProjection + `connectedOrgIds` for auction staff, see AuctionStateDto),
 * applied only when its `seq` is not older than the one held, so a late push never rolls the view
 * back (pass the loader's projection as `initial` to render before the socket answers).
 * `connected` is true once the server acknowledged the join; `joinError` holds the server's
 * localized refusal (NOT_FOUND for an auction the viewer may not see — do not retry it). `gap`
 * turns true (and stays true for this auction) when the server announces a state that follows
 * one this tab never received, or a rejoin lands after missed events; every state is complete and
 * the hook already rejoined, so pages may ignore it or show a hint. `serverNow()` is the server's clock in epoch ms, estimated from the
 * half-round-trip of join/bid acks and the heartbeat states (every ~5 s), so a countdown stays
 * right on a client whose clock is wrong: `useCountdown(state?.endsAt, serverNow)` gives
 * `{ msLeft, label }` ("02:03" or "01:02:03"), re-rendered four times a second (the server
 * render and the first client render can differ by a second: put suppressHydrationWarning on the
 * element showing the label). `bid(amount,
 * confirm?)` (suppliers) makes one clientBidId per call and resends that same id after a timeout
 * or a reconnect until the server answers, so a retried click is never a second bid; it resolves
 * to the AuctionBidAck (`{ok:true,bid,state}` or `{ok:false,error:{code,message,maxAcceptable?,
 * confirmationThreshold?}}`, message already in the user's language) and never rejects: a network
 * failure resolves `{ok:false,error:{code:'NETWORK'}}`. The ack's state is applied to `state`.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSocket } from './client'
import type { AuctionBidAck, AuctionJoinAck, AuctionStateDto } from './events'

// Two components of one page may watch the same auction on the one socket: leave only with the last.
const roomUsers = new WeakMap<object, Map<string, number>>()

const ACK_TIMEOUT_MS = 8_000
const BID_ATTEMPTS = 4
const OFFSET_SAMPLES = 8

type Sample = { offset: number; rtt: number; at: number }

export interface AuctionRoom {
  state: AuctionStateDto | null
  connected: boolean
  gap: boolean
  serverNow: () => number
  joinError: { code: string; message: string } | null
  bid: (amount: string, confirm?: boolean) => Promise<AuctionBidAck>
}

export function useAuctionRoom(auctionId: string, initial?: AuctionStateDto | null): AuctionRoom {
  const socket = useSocket()
  const { t } = useTranslation('auction')
  const [state, setState] = useState<AuctionStateDto | null>(initial ?? null)
  const [connected, setConnected] = useState(false)
  const [gap, setGap] = useState(false)
  const [joinError, setJoinError] = useState<{ code: string; message: string } | null>(null)

  const seqRef = useRef<number>(initial?.seq ?? -1)
  const joinedRef = useRef(false)
  const joinedWaiters = useRef<(() => void)[]>([])
  // The clock offset (server − client, ms). Ack samples carry a measured round trip; pushed
  // states only give a lower bound (they travelled for an unknown time after serverTime).
  const rttSamples = useRef<Sample[]>([])
  const lowerBound = useRef<{ offset: number; at: number } | null>(null)
  const offsetRef = useRef<number>(initial ? Date.parse(initial.serverTime) - Date.now() : 0)

  const recomputeOffset = () => {
    const best = rttSamples.current.reduce<Sample | null>((a, s) => (!a || s.rtt < a.rtt ? s : a), null)
    let offset = best ? best.offset : offsetRef.current
    const lb = lowerBound.current
    if (lb && Date.now() - lb.at < 60_000 && lb.offset > offset) offset = lb.offset
    offsetRef.current = offset
  }

  const sampleFromAck = (s: AuctionStateDto, sentAt: number, receivedAt: number) => {
    const serverMs = Date.parse(s.serverTime)
    if (!Number.isFinite(serverMs)) return
    const rtt = receivedAt - sentAt
    rttSamples.current = [...rttSamples.current, { offset: serverMs - (sentAt + rtt / 2), rtt, at: receivedAt }].slice(-OFFSET_SAMPLES)
    recomputeOffset()
  }

  const sampleFromPush = (s: AuctionStateDto) => {
    const serverMs = Date.parse(s.serverTime)
    if (!Number.isFinite(serverMs)) return
    const now = Date.now()
    const offset = serverMs - now
    const lb = lowerBound.current
    if (!lb || now - lb.at > 60_000 || offset > lb.offset) lowerBound.current = { offset, at: now }
    recomputeOffset()
  }

  /** Keeps the newest state only; a stale or foreign state is ignored. */
  const apply = useCallback(
    (s: AuctionStateDto | undefined | null) => {
      if (!s || s.auctionId !== auctionId) return false
      if (s.seq < seqRef.current) return false
      seqRef.current = s.seq
      setState(s)
      return true
    },
    [auctionId],
  )

  const serverNow = useCallback(() => Date.now() + offsetRef.current, [])

  useEffect(() => {
    seqRef.current = initial?.seq ?? -1
    setState(initial ?? null)
    setGap(false)
    setJoinError(null)
    // A new auction id starts a new room.
  }, [auctionId])

  // A revalidated loader (after a form post, say) may hold a newer state than the socket gave yet;
  // an equal seq is not taken, since the pushed state carries what a loader's may lack.
  const initialSeq = initial?.seq
  useEffect(() => {
    if (initial && initial.auctionId === auctionId && initial.seq > seqRef.current) apply(initial)
  }, [initialSeq])

  useEffect(() => {
    if (!socket) return
    let alive = true
    let seqBeforeDrop: number | null = null

    const join = async () => {
      const sentAt = Date.now()
      let ack: AuctionJoinAck
      try {
        ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('auction:join', { auctionId })
      } catch {
        // No answer in time: the next connect (or this retry) joins again.
        if (alive && socket.connected) setTimeout(() => alive && socket.connected && !joinedRef.current && void join(), 1_000)
        return
      }
      if (!alive) return
      if (!ack.ok) {
        joinedRef.current = false
        setConnected(false)
        setJoinError({ code: ack.error.code, message: ack.error.message })
        // A busy server is worth asking again; a refusal (NOT_FOUND, BAD_REQUEST) is final.
        if (ack.error.code === 'UNAVAILABLE') setTimeout(() => alive && socket.connected && !joinedRef.current && void join(), 3_000)
        return
      }
      sampleFromAck(ack.state, sentAt, Date.now())
      if (seqBeforeDrop !== null && ack.state.seq > seqBeforeDrop) setGap(true)
      seqBeforeDrop = null
      apply(ack.state)
      setJoinError(null)
      joinedRef.current = true
      setConnected(true)
      const waiters = joinedWaiters.current
      joinedWaiters.current = []
      for (const w of waiters) w()
    }

    const onConnect = () => void join()
    const onDisconnect = () => {
      if (joinedRef.current) seqBeforeDrop = seqRef.current
      joinedRef.current = false
      setConnected(false)
    }
    const onState = (s: AuctionStateDto) => {
      if (s.auctionId !== auctionId) return
      sampleFromPush(s)
      const prev = (s as { prevSeq?: number }).prevSeq
      if (typeof prev === 'number' && seqRef.current >= 0 && prev > seqRef.current) {
        // The server says this state follows one we never got: it is complete on its own, but
        // rejoin so the held seq and the server agree again.
        setGap(true)
        apply(s)
        void join()
        return
      }
      apply(s)
    }

    socket.on('connect', onConnect)
    socket.on('disconnect', onDisconnect)
    socket.on('auction:state', onState)
    if (socket.connected) void join()
    const users = roomUsers.get(socket) ?? new Map<string, number>()
    roomUsers.set(socket, users)
    users.set(auctionId, (users.get(auctionId) ?? 0) + 1)

    return () => {
      alive = false
      socket.off('connect', onConnect)
      socket.off('disconnect', onDisconnect)
      socket.off('auction:state', onState)
      const left = (users.get(auctionId) ?? 1) - 1
      if (left > 0) users.set(auctionId, left)
      else {
        users.delete(auctionId)
        if (socket.connected) socket.emit('auction:leave', { auctionId })
      }
      joinedRef.current = false
      setConnected(false)
    }
  }, [socket, auctionId, apply])

  const waitJoined = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (joinedRef.current) return resolve(true)
      const timer = setTimeout(() => {
        joinedWaiters.current = joinedWaiters.current.filter((w) => w !== done)
        resolve(false)
      }, ms)
      const done = () => {
        clearTimeout(timer)
        resolve(true)
      }
      joinedWaiters.current.push(done)
    })

  const bid = useCallback(
    async (amount: string, confirm = false): Promise<AuctionBidAck> => {
      // One id per intent: every resend below carries it, so the server places the bid at most once.
      const clientBidId = newClientBidId()
      for (let attempt = 0; attempt < BID_ATTEMPTS; attempt++) {
        if (!socket) break
        if (!(await waitJoined(ACK_TIMEOUT_MS))) continue
        const sentAt = Date.now()
        try {
          const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('auction:bid', { auctionId, amount, confirm, clientBidId })
          if (ack.state) {
            sampleFromAck(ack.state, sentAt, Date.now())
            apply(ack.state)
          }
          return ack
        } catch {
          // Timed out (or the socket dropped mid-flight): resend the same clientBidId.
        }
      }
      return { ok: false, error: { code: 'NETWORK', message: t('live.network') } }
    },
    [socket, auctionId, apply, t],
  )

  return { state, connected, gap, serverNow, joinError, bid }
}

/** crypto.randomUUID exists only in secure contexts; a plain-http deployment still needs ids. */
function newClientBidId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function pad(n: number) {
  return String(n).padStart(2, '0')
}

/** "mm:ss" under an hour, "hh:mm:ss" from an hour up; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return h > 0 ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`
}

export function useCountdown(endsAt: string | null | undefined, serverNow: () => number): { msLeft: number | null; label: string } {
  const [now, setNow] = useState(() => serverNow())
  useEffect(() => {
    if (!endsAt) return
    setNow(serverNow())
    const timer = setInterval(() => setNow(serverNow()), 250)
    return () => clearInterval(timer)
  }, [endsAt, serverNow])
  if (!endsAt) return { msLeft: null, label: '' }
  const end = Date.parse(endsAt)
  if (!Number.isFinite(end)) return { msLeft: null, label: '' }
  const msLeft = Math.max(0, end - now)
  return { msLeft, label: formatCountdown(msLeft) }
}
