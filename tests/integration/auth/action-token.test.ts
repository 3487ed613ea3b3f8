// High-value form actions (a bid, accepting an auction's terms, voiding or placing a bid for a
// supplier, an award, an order's approval) carry the session's action token beside the Origin
// check (security-and-reliability.md). Without it, with a forged one, or with another session's,
// the action answers 403 with a message to reload, writes nothing and audits the refusal.
import { randomUUID } from 'node:crypto'
import { and, eq, like } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog } from '~db/schema'
import { actionTokenMatches, actionTokenOf } from '~/auth/action-token.server'
import { actionTokenFor, actorFor, tokenOf } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { auctionStateFor } from '~/domain/auction/auction.queries.server'
import { bidCount, closedAuction, orgId, runningAuction } from '../auction/helpers'
import { dealer, order, orderRow } from '../orders/helpers'

useTestDatabase({ seed: true })

const room = () => import('../../../portal-supplier/routes/auctions.$id')
const monitor = () => import('~/routes/console.auctions.$id._index')
const approvals = () => import('~/routes/console.approvals')
const consoleOrder = () => import('~/routes/console.orders.$id')
const post = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) })
const refusals = async () => db().$count(auditLog, and(eq(auditLog.action, 'access.denied'), eq(auditLog.outcome, 'denied'), like(auditLog.entityId, '% (action token)')))

describe('the action token', () => {
  it('is the session’s own: the same for the same session, another for another session, never its cookie', async () => {
    expect(actionTokenOf('a'.repeat(40))).toBe(actionTokenOf('a'.repeat(40)))
    expect(actionTokenOf('a'.repeat(40))).not.toBe(actionTokenOf('b'.repeat(40)))
    const one = await actorFor('alice@bright.test')
    const two = await actorFor('alice@bright.test')
    expect(actionTokenFor(one)).not.toBe(actionTokenFor(two))
    expect(actionTokenFor(one)).not.toBe(tokenOf(one))
    expect(actionTokenMatches(actionTokenFor(one), actionTokenFor(one))).toBe(true)
    expect(actionTokenMatches(actionTokenFor(one), actionTokenFor(two))).toBe(false)
    expect(actionTokenMatches(actionTokenFor(one), '')).toBe(false)
    expect(actionTokenMatches(actionTokenFor(one), null)).toBe(false)
    expect(actionTokenMatches(null, actionTokenFor(one))).toBe(false)
  })

  it('is required for a supplier’s bid and acceptance of the terms posted as forms', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const mod = await room()
    const url = `/supplier/auctions/${id}`
    const alice = await actorFor('alice@bright.test')
    const otherSession = await actorFor('alice@bright.test')
    const refusedBefore = await refusals()
    const bid = () => ({ intent: 'bid', amount: '9000.00', clientBidId: randomUUID() })

    const missing: any = await mod.action(routeArgs(alice, url, { id }, post(bid()), { withoutActionToken: true }))
    expect(missing.init?.status).toBe(403)
    expect(payload(missing)).toMatchObject({ form: 'bid', submission: { error: { '': ['errors:actionToken'] } } })
    for (const token of ['forged', actionTokenFor(otherSession)!]) {
      expect(await statusOf(() => mod.action(routeArgs(alice, url, { id }, post({ ...bid(), _token: token })))), token).toBe(403)
    }
    expect(await statusOf(() => mod.action(routeArgs(alice, url, { id }, post({ intent: 'accept-terms' }), { withoutActionToken: true })))).toBe(403)
    expect(await bidCount(id)).toBe(0)
    expect(await refusals()).toBe(refusedBefore + 4)

    // With the session's own token the same form is a bid.
    expect(await statusOf(() => mod.action(routeArgs(alice, url, { id }, post(bid()))))).toBe(201)
    expect(await bidCount(id)).toBe(1)
  })

  it('is required for a surrogate bid, but not for pausing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const bright = await orgId('SUP-BRIGHT')
    const mod = await monitor()
    const url = `/console/auctions/${id}`
    const surrogate = { intent: 'surrogate', orgId: bright, amount: '9000.00', clientBidId: randomUUID(), reason: 'Bid by phone' }
    expect(await statusOf(() => mod.action(routeArgs(buyer, url, { id }, post(surrogate), { withoutActionToken: true })))).toBe(403)
    expect(await bidCount(id)).toBe(0)
    expect(await statusOf(() => mod.action(routeArgs(buyer, url, { id }, post(surrogate))))).toBe(302)
    expect(await bidCount(id)).toBe(1)
    // A void is high-value too: refused without the token, the bid stands.
    const [placed] = (await auctionStateFor(id)).state.bids
    expect(await statusOf(() => mod.action(routeArgs(buyer, url, { id }, post({ intent: 'void', bidId: placed.id, reason: 'Typo' }), { withoutActionToken: true })))).toBe(403)
    expect((await auctionStateFor(id)).state.bids[0].voided).toBe(false)
    expect(await statusOf(() => mod.action(routeArgs(buyer, url, { id }, post({ intent: 'pause', reason: 'Line check' }), { withoutActionToken: true })))).toBe(302)
  })

  it('is required for an award and for confirming or declining a proposed one', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const manager = await actorFor('buyer.manager@acme.test')
    const { id, bright, precision } = await closedAuction(buyer)
    const mod = await monitor()
    const url = `/console/auctions/${id}`
    const as = (who: typeof buyer, fields: Record<string, string>, withoutActionToken = true) => statusOf(() => mod.action(routeArgs(who, url, { id }, post(fields), { withoutActionToken })))
    const refusedBefore = await refusals()
    expect(await as(buyer, { intent: 'award', orgId: precision, justification: '' })).toBe(403)
    expect((await auctionStateFor(id)).state.status).toBe('closed')
    expect(await as(buyer, { intent: 'award', orgId: bright, justification: 'Holds stock' }, false)).toBe(302)
    const { proposedAt } = (await auctionStateFor(id)).state.awardProposal!
    expect(await as(manager, { intent: 'confirmAward', orgId: bright, proposedAt })).toBe(403)
    expect(await as(manager, { intent: 'declineAward', orgId: bright, proposedAt, reason: 'No' })).toBe(403)
    expect((await auctionStateFor(id)).state).toMatchObject({ status: 'closed', awardProposal: { orgId: bright } })
    expect(await refusals()).toBe(refusedBefore + 3)
  })

  it('is required for an order’s approval or rejection, in the inbox and on the order page', async () => {
    const frank = await dealer('frank@south.test')
    const placed = await order(frank, 'SH-MAIN', [['EL-1004', '300']])
    expect((await orderRow(placed.order.id)).status).toBe('submitted')
    const manager = await actorFor('sales.manager@acme.test')
    const inbox = await approvals()
    const page = await consoleOrder()
    const orderUrl = `/console/orders/${placed.order.id}`
    const refused: any = await inbox.action(routeArgs(manager, '/console/approvals', {}, post({ intent: 'approve', orderId: placed.order.id, text: 'ok' }), { withoutActionToken: true }))
    expect(refused.init?.status).toBe(403)
    expect(await statusOf(() => inbox.action(routeArgs(manager, '/console/approvals', {}, post({ intent: 'reject', orderId: placed.order.id, text: 'no', _token: 'forged' }))))).toBe(403)
    const onPage: any = await page.action(routeArgs(manager, orderUrl, { id: placed.order.id }, post({ intent: 'approve' }), { withoutActionToken: true }))
    expect(onPage.init?.status).toBe(403)
    expect(payload(onPage)).toMatchObject({ intent: 'approve', submission: { error: { '': ['errors:actionToken'] } } })
    expect(await statusOf(() => page.action(routeArgs(manager, orderUrl, { id: placed.order.id }, post({ intent: 'reject', reason: 'Over credit' }), { withoutActionToken: true })))).toBe(403)
    expect((await orderRow(placed.order.id)).status).toBe('submitted')

    const res: any = await inbox.action(routeArgs(manager, '/console/approvals', {}, post({ intent: 'approve', orderId: placed.order.id, text: 'Known customer' })))
    expect(res.data).toMatchObject({ intent: 'approve', done: placed.order.number })
  })
})
