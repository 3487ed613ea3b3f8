// Bids are judged in a reduced state (every bidder's current and first bids only; the bidder's own
// history is read apart for its projection): on a history with voids, equal amounts and every
// visibility, every bidder's verdicts and projection must be exactly those computed on the full list.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import type { Actor } from '~/auth/roles'
import { nextBidCheck } from '~/domain/auction/auction-bid.rules'
import { supplierProjection } from '~/domain/auction/auction-projection.rules'
import { dbNow, loadJudgingState, loadRecentBids, loadState, readAuction } from '~/domain/auction/auction-store.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { voidBid } from '~/domain/auction/void-bid.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { runningAuction, SUPPLIER_USERS } from './helpers'

useTestDatabase({ seed: true })

let buyer: Actor
let suppliers: Actor[]

beforeAll(async () => {
  buyer = await actorFor('buyer@acme.test')
  suppliers = await Promise.all(Object.values(SUPPLIER_USERS).map(([email]) => actorFor(email)))
})

async function compareEveryBidder(auctionId: string) {
  const row = (await readAuction(db(), auctionId))!
  const full = await loadState(db(), row)
  const now = await dbNow(db())
  const ctx = { auctionId, seq: row.lastSeq, serverTime: now }
  const judging = await loadJudgingState(db(), row)
  const histories = await loadRecentBids(db(), auctionId, suppliers.map((s) => s.orgId), 1000)
  expect(judging.bids.length).toBeLessThan(full.bids.length)
  for (const s of suppliers) {
    expect(supplierProjection(judging, s.orgId, ctx, histories.get(s.orgId)!.map((r) => r.bid))).toEqual(supplierProjection(full, s.orgId, ctx))
    for (const amount of ['9999.99', '9000.00', '8000.00', '7990.00', '7985.00', '7000.00', '1.00', '0', 'x']) {
      const attempt = { id: 'probe', orgId: s.orgId, amount, confirm: true, at: now, surrogate: false }
      const a = nextBidCheck(full, attempt)
      const b = nextBidCheck(judging, attempt)
      expect(b.ok).toBe(a.ok)
      if (a.ok && b.ok) expect([b.effects.bid, b.effects.ranking, b.effects.newBest, b.effects.outbidOrgId]).toEqual([a.effects.bid, a.effects.ranking, a.effects.newBest, a.effects.outbidOrgId])
      else if (!a.ok && !b.ok) expect([b.code, b.maxAcceptable]).toEqual([a.code, a.maxAcceptable])
    }
  }
}

describe('the reduced state a bid is judged in', () => {
  for (const visibility of ['rank', 'best', 'ladder'] as const) {
    it(`gives the same verdicts and projections as the full history (${visibility})`, async () => {
      const id = await runningAuction(buyer, { visibility, maxSingleDropPercent: '100', mustBeatBest: false, decrementAmount: '5.00' })
      const bid = async (who: number, amount: string) => {
        const r = await placeBid(suppliers[who], id, { amount, confirm: true, clientBidId: randomUUID() })
        if (!r.answer.ok) throw new Error(`${amount}: ${r.answer.error.code}`)
        return r.answer.bid.id
      }
      await bid(1, '9500.00')
      await bid(0, '9400.00')
      await bid(0, '9300.00') // neither first nor current: left out of the reduced state
      const voided = await bid(1, '9000.00')
      await bid(2, '9400.00') // equal to another's current: commit order decides
      await bid(0, '8800.00')
      await voidBid(buyer, id, { bidId: voided, reason: 'typing error' })
      await bid(1, '8800.00')
      await bid(2, '8500.00')
      await bid(2, '8000.00')
      await compareEveryBidder(id)
    })
  }
})
