// The auction channel on one socket: auction:join / auction:bid / auction:leave (auction-rules.md,
// the live protocol). Every handler answers through its ack and never throws: a bad payload is
// BAD_REQUEST (or INVALID_AMOUNT for a missing or non-text amount), a channel the viewer may not
// see is NOT_FOUND whatever the reason, so an invited auction and a nonexistent id look alike.
import { z } from 'zod'
import type { Socket } from 'socket.io'
import { bidAckFrom, liveCodeOf, liveError, liveViewFor, type AuctionLive } from '~/domain/auction/auction-live.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import type { Actor } from '~/auth/roles'
import { rooms, type AuctionBidAck, type AuctionJoinAck, type ClientToServerEvents, type ServerToClientEvents } from './events'
import { logFailure } from '~/utils/errors'

const JoinSchema = z.strictObject({ auctionId: z.string().min(1).max(100) })
const BidSchema = z.strictObject({
  auctionId: z.string().min(1).max(100),
  // Any text up to a sane length: the rules judge it, so "12,5" is a logged INVALID_AMOUNT.
  amount: z.string().max(40),
  confirm: z.boolean().optional(),
  clientBidId: z.string().trim().min(1).max(200),
})

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, any, { actor: Actor }>

export function registerAuctionHandlers(socket: LiveSocket, live: AuctionLive) {
  const actor = socket.data.actor

  socket.on('auction:join', async (payload, ack) => {
    if (typeof ack !== 'function') return
    const reply = (a: AuctionJoinAck) => {
      try {
        ack(a)
      } catch {
        // The socket went away meanwhile: nobody to answer.
      }
    }
    const parsed = JoinSchema.safeParse(payload)
    if (!parsed.success) return reply({ ok: false, error: await liveError(actor.locale, 'BAD_REQUEST') })
    const { auctionId } = parsed.data
    try {
      const state = await liveViewFor(actor, auctionId, { afterAccessCheck: (id) => socket.join(rooms.auction(id)), ip: socket.handshake.address, action: 'auction.join' })
      reply({ ok: true, state })
      if (actor.kind === 'supplier') live.presenceChanged(state.auctionId)
    } catch (err) {
      // A failure after the access check (the state could not be read) leaves no half-joined socket.
      await socket.leave(rooms.auction(auctionId))
      const code = liveCodeOf(err)
      if (code === 'UNAVAILABLE') logFailure('auction:join failed', err)
      // Forbidden staff read NOT_FOUND too: the channel does not exist for whoever may not see it.
      reply({ ok: false, error: await liveError(actor.locale, code === 'UNAVAILABLE' ? code : 'NOT_FOUND') })
    }
  })

  socket.on('auction:bid', async (payload, ack) => {
    if (typeof ack !== 'function') return
    const reply = (a: AuctionBidAck) => {
      try {
        ack(a)
      } catch {
        // As above.
      }
    }
    const parsed = BidSchema.safeParse(payload)
    if (!parsed.success) {
      const amountBad = parsed.error.issues.some((i) => i.path[0] === 'amount')
      return reply({ ok: false, error: await liveError(actor.locale, amountBad ? 'INVALID_AMOUNT' : 'BAD_REQUEST') })
    }
    const p = parsed.data
    try {
      const out = await placeBid(actor, p.auctionId, { amount: p.amount, confirm: p.confirm ?? false, clientBidId: p.clientBidId }, { ip: socket.handshake.address })
      reply(await bidAckFrom(actor, out))
    } catch (err) {
      const code = liveCodeOf(err)
      if (code === 'UNAVAILABLE') logFailure('auction:bid failed', err)
      reply({ ok: false, error: await liveError(actor.locale, code === 'FORBIDDEN' ? 'NOT_FOUND' : code) })
    }
  })

  socket.on('auction:leave', async (payload, ack) => {
    const parsed = JoinSchema.safeParse(payload)
    if (parsed.success) {
      const room = rooms.auction(parsed.data.auctionId)
      const wasIn = socket.rooms.has(room)
      await socket.leave(room)
      if (wasIn && actor.kind === 'supplier') live.presenceChanged(parsed.data.auctionId)
    }
    if (typeof ack === 'function') ack({ ok: parsed.success })
  })

  let joined: string[] = []
  socket.on('disconnecting', () => {
    joined = [...socket.rooms].filter((r) => r.startsWith('auction:')).map((r) => r.slice('auction:'.length))
  })
  socket.on('disconnect', () => {
    if (actor.kind === 'supplier') for (const id of joined) live.presenceChanged(id)
  })
}
