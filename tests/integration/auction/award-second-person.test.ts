// An award not to rank 1 takes two people (auction rules D15): one proposes it with a
// justification, a buyer manager or administrator who is not the proposer confirms or declines it.
// The commands against a real database: who may do what, what each step writes (log, audit, bells),
// what suppliers never see, and two deciders at once.
import { randomUUID } from 'node:crypto'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, notifications, organizations, users } from '~db/schema'
import { auctionDetail, listAwardProposals } from '~/domain/auction/auction-console.queries.server'
import { auctionStateFor, auctionViewFor } from '~/domain/auction/auction.queries.server'
import { awardAuction, confirmAward, declineAward } from '~/domain/auction/award-auction.server'
import { cancelAuction } from '~/domain/auction/cancel-auction.server'
import { verifyAuction } from '~/domain/auction/verify-auction.server'
import { voidBid } from '~/domain/auction/void-bid.server'
import type { StaffActor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { actorFor } from '../../support/actors'
import { routeArgs, statusOf } from '../catalog/helpers'
import { useTestDatabase } from '../../support/db'
import { closedAuction as closedBy, eventTypes } from './helpers'

const closedAuction = async () => closedBy(await actorFor('buyer@acme.test'))

useTestDatabase({ seed: true })

const staff = async (email: string) => (await actorFor(email)) as StaffActor

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e) => e)
  expect(err).toBeInstanceOf(DomainError)
  return { code: (err as DomainError).code, key: (err as DomainError).messageKey }
}

const bells = async (kind: string, id: string) =>
  (await db().select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.kind, kind), sql`${notifications.link} like ${`%/auctions/${id}`}`))).map((n) => n.userId).sort()

const auditOf = async (id: string) =>
  (await db().select({ action: auditLog.action, actor: auditLog.actorUserId, after: auditLog.after }).from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.outcome, 'ok'))).orderBy(auditLog.id)).filter((a) =>
    a.action.startsWith('auction.award'),
  )

async function confirmers(): Promise<string[]> {
  const rows = await db()
    .select({ id: users.id })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.kind, 'host'), eq(users.status, 'active'), sql`${users.roles} && array['admin', 'buyer_manager']::text[]`))
  return rows.map((r) => r.id).sort()
}

describe('an award not to rank 1 takes two people', () => {
  it('proposes, refuses the proposer and those without the role, lets a manager decline, the proposer withdraw and another confirm', async () => {
    const [buyer, manager, admin, sales] = await Promise.all(['buyer@acme.test', 'buyer.manager@acme.test', 'admin@acme.test', 'sales@acme.test'].map(staff))
    const { id, bright, precision } = await closedAuction()

    // Proposed: still closed; the confirmers hear of it, the proposer and the suppliers do not.
    expect((await awardAuction(buyer, id, { orgId: bright, justification: 'Rank 1 cannot meet the delivery window' })).result).toMatchObject({ outcome: 'proposed', rank: 2 })
    expect((await auctionStateFor(id)).state).toMatchObject({ status: 'closed', awardedOrgId: null, awardProposal: { orgId: bright, proposedBy: buyer.userId } })
    expect(await bells('auction.awardProposed', id)).toEqual((await confirmers()).filter((u) => u !== buyer.userId))
    expect(await bells('auction.awarded', id)).toEqual([])

    // While it waits nothing else is decided, not even rank 1.
    expect(await refusal(awardAuction(manager, id, { orgId: precision, justification: null }))).toEqual({ code: 'conflict', key: 'auction:transitionError.AWARD_PENDING' })
    expect(await refusal(awardAuction(buyer, id, { orgId: bright, justification: 'again' }))).toEqual({ code: 'conflict', key: 'auction:transitionError.AWARD_PENDING' })
    // The buyer may not confirm (no role), nor may someone outside auctions (not found would be a
    // leak test elsewhere; here: refused), nor a stale page naming another supplier.
    const denied = async () => (await db().select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.entityId} = ${id} and ${auditLog.outcome} = 'denied'`)).map((a) => a.action)
    expect((await refusal(confirmAward(buyer, id, { orgId: bright }))).code).toBe('forbidden')
    expect((await refusal(confirmAward(sales, id, { orgId: bright }))).code).toBe('forbidden')
    // Each refusal is on record.
    expect(await denied()).toEqual(['auction.awardConfirmed', 'auction.awardConfirmed'])
    // A page that showed an earlier proposal (withdrawn and made again since) decides nothing.
    const shown = (await auctionStateFor(id)).state.awardProposal!.proposedAt
    expect(await refusal(confirmAward(manager, id, { orgId: bright, proposedAt: new Date(Date.parse(shown) - 1000).toISOString() }))).toEqual({ code: 'conflict', key: 'auction:transitionError.PROPOSAL_CHANGED' })
    expect((await refusal(declineAward(await staff('buyer@acme.test'), id, { orgId: precision, reason: 'x' }))).key).toBe('auction:transitionError.PROPOSAL_CHANGED')
    expect(await refusal(confirmAward(manager, id, { orgId: precision }))).toEqual({ code: 'conflict', key: 'auction:transitionError.PROPOSAL_CHANGED' })
    expect((await auctionStateFor(id)).state.status).toBe('closed')

    // The manager declines with a reason; the proposer hears why.
    await declineAward(manager, id, { orgId: bright, reason: 'Ask rank 1 for a faster delivery first' })
    expect((await auctionStateFor(id)).state.awardProposal).toBeNull()
    expect(await bells('auction.awardDeclined', id)).toEqual([buyer.userId])
    expect(await refusal(declineAward(manager, id, { orgId: bright, reason: 'again' }))).toEqual({ code: 'conflict', key: 'auction:transitionError.NO_PROPOSAL' })

    // A manager's own proposal needs someone else too; withdrawn by its proposer, nobody is told.
    await awardAuction(manager, id, { orgId: bright, justification: 'Second try' })
    expect(await refusal(confirmAward(manager, id, { orgId: bright }))).toEqual({ code: 'conflict', key: 'auction:transitionError.SAME_APPROVER' })
    // The buyer, neither its proposer nor a confirmer, cannot withdraw it; the refusal is on record.
    expect((await refusal(declineAward(buyer, id, { orgId: bright, reason: 'Mine is better' }))).code).toBe('forbidden')
    expect(await denied()).toEqual(['auction.awardConfirmed', 'auction.awardConfirmed', 'auction.awardDeclined'])
    expect((await auctionStateFor(id)).state.awardProposal?.proposedBy).toBe(manager.userId)
    await declineAward(manager, id, { orgId: bright, reason: 'Withdrawn' })
    expect(await bells('auction.awardDeclined', id)).toEqual([buyer.userId])

    // Proposed again by the buyer, confirmed by the administrator: awarded with the proposal's words.
    await awardAuction(buyer, id, { orgId: bright, justification: 'Rank 2 holds stock' })
    expect((await confirmAward(admin, id, { orgId: bright })).result).toMatchObject({ outcome: 'awarded', rank: 2 })
    const { state, row } = await auctionStateFor(id)
    expect(state).toMatchObject({ status: 'awarded', awardedOrgId: bright, awardProposal: null })
    expect(row.awardJustification).toBe('Rank 2 holds stock')
    expect(await bells('auction.awardConfirmed', id)).toEqual([buyer.userId])
    const supplierUsers = (await db().select({ id: users.id }).from(users).where(and(inArray(users.orgId, [bright, precision]), eq(users.status, 'active')))).map((u) => u.id).sort()
    expect(await bells('auction.awarded', id)).toEqual(supplierUsers)

    expect((await eventTypes(id)).slice(-6)).toEqual(['award_proposed', 'award_declined', 'award_proposed', 'award_declined', 'award_proposed', 'awarded'])
    expect((await auditOf(id)).map((a) => [a.action, a.actor])).toEqual([
      ['auction.awardProposed', buyer.userId],
      ['auction.awardDeclined', manager.userId],
      ['auction.awardProposed', manager.userId],
      ['auction.awardWithdrawn', manager.userId],
      ['auction.awardProposed', buyer.userId],
      ['auction.awarded', admin.userId],
    ])
    expect((await auditOf(id)).at(-1)!.after).toMatchObject({ orgId: bright, rank: 2, justification: 'Rank 2 holds stock', proposedBy: buyer.userId, confirmedBy: admin.userId })
    // The replay checks the second person from the log's actors.
    expect(await verifyAuction(id)).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
  }, 30_000)

  it('takes two people for a supplier that leads only because the buyer voided a bid', async () => {
    const [buyer, manager] = await Promise.all(['buyer@acme.test', 'buyer.manager@acme.test'].map(staff))
    const { id, bright } = await closedBy(buyer, [['bob@precision.test', '9500.00'], ['alice@bright.test', '9000.00'], ['bob@precision.test', '8900.00']])
    const typo = (await auctionStateFor(id)).state.bids.find((b) => b.amount === '8900.00')!
    await voidBid(buyer, id, { bidId: typo.id, reason: 'Precision meant 9890.00' })
    // Bright is rank 1 now, yet one person cannot hand it the award: it becomes a justified proposal.
    expect(await refusal(awardAuction(buyer, id, { orgId: bright, justification: null }))).toEqual({ code: 'conflict', key: 'auction:transitionError.JUSTIFICATION_REQUIRED' })
    expect((await awardAuction(buyer, id, { orgId: bright, justification: 'Precision confirmed its 8900 was a typo' })).result).toMatchObject({ outcome: 'proposed', rank: 1 })
    // The confirmer is told why rank 1 still takes two people: who led before the void, and at what.
    const precisionName = (await db().select({ name: organizations.nameEn }).from(organizations).innerJoin(users, eq(users.orgId, organizations.id)).where(eq(users.email, 'bob@precision.test')))[0]!.name
    const english = { ...manager, locale: 'en' as const }
    expect((await auctionDetail(english, id)).awardProposal).toMatchObject({ orgId: bright, rank: 1, leadBeforeVoid: { orgName: precisionName, amount: '8900.00' } })
    expect((await listAwardProposals(english)).find((a) => a.auctionId === id)).toMatchObject({ rank: 1, leadBeforeVoid: { orgName: precisionName, amount: '8900.00' } })
    await confirmAward(manager, id, { orgId: bright })
    expect((await auctionStateFor(id)).state).toMatchObject({ status: 'awarded', awardedOrgId: bright })
    expect(await verifyAuction(id)).toMatchObject({ ok: true, discrepancies: [], mismatches: [] })
  })

  it('verifies the stored proposal and winner against the log', async () => {
    const [buyer, manager] = await Promise.all(['buyer@acme.test', 'buyer.manager@acme.test'].map(staff))
    const { id, bright, precision } = await closedAuction()
    await awardAuction(buyer, id, { orgId: bright, justification: 'Holds stock' })
    expect(await verifyAuction(id)).toMatchObject({ ok: true, mismatches: [] })
    // Someone edits the waiting proposal's words in the table: the log still says what was proposed.
    await db().execute(sql`update auctions set award_proposal_justification = 'Cheapest overall' where id = ${id}`)
    expect((await verifyAuction(id)).mismatches.map((m) => m.field)).toEqual(['awardProposal'])
    await db().execute(sql`update auctions set award_proposal_justification = 'Holds stock' where id = ${id}`)
    await confirmAward(manager, id, { orgId: bright })
    await db().execute(sql`update auctions set awarded_org_id = ${precision} where id = ${id}`)
    expect((await verifyAuction(id)).mismatches.map((m) => m.field)).toEqual(['awardedOrgId'])
  })

  it('puts a waiting award in the approval inbox of those who may confirm it, and only theirs', async () => {
    const [buyer, manager, admin, salesManager] = await Promise.all(['buyer@acme.test', 'buyer.manager@acme.test', 'admin@acme.test', 'sales.manager@acme.test'].map(staff))
    const { id, bright } = await closedAuction()
    await awardAuction(buyer, id, { orgId: bright, justification: 'Holds stock' })
    const inbox = (await import('~/routes/console.approvals')).loader
    const load = async (who: StaffActor) => (await inbox(routeArgs(who, '/console/approvals'))) as any
    const theirs = await load(manager)
    expect(theirs.can).toEqual({ orders: false, awards: true })
    expect(theirs.rows).toEqual([])
    expect(theirs.awards.find((a: any) => a.auctionId === id)).toMatchObject({ orgId: bright, rank: 2, amount: '9000.00', bestPrice: '8900.00', justification: 'Holds stock', proposedBy: buyer.userId, leadBeforeVoid: null })
    expect((await load(admin)).can).toEqual({ orders: true, awards: true })
    const sales = await load(salesManager)
    expect(sales.can).toEqual({ orders: true, awards: false })
    expect(sales.awards).toEqual([])
    // A buyer decides neither: the inbox is refused (and the refusal audited, as every 403).
    expect(await statusOf(() => inbox(routeArgs(buyer, '/console/approvals')))).toBe(403)
    await confirmAward(manager, id, { orgId: bright })
    expect((await load(manager)).awards.map((a: any) => a.auctionId)).not.toContain(id)
  })

  it('shows suppliers nothing of a waiting proposal', async () => {
    const buyer = await staff('buyer@acme.test')
    const { id, bright } = await closedAuction()
    const why = `Confidential reason ${randomUUID()}`
    const before = await Promise.all(['alice@bright.test', 'bob@precision.test'].map(async (e) => JSON.stringify(await auctionViewFor(await actorFor(e), id))))
    await awardAuction(buyer, id, { orgId: bright, justification: why })
    for (const [i, email] of ['alice@bright.test', 'bob@precision.test'].entries()) {
      const view = await auctionViewFor(await actorFor(email), id)
      const text = JSON.stringify(view)
      expect(text).not.toContain(why)
      expect(text).not.toMatch(/proposal|proposed/i)
      expect(view).toMatchObject({ status: 'closed', won: null })
      // The same projection as before but for the sequence number and the server's time.
      const strip = (s: string) => s.replace(/"seq":\d+/, '').replace(/"serverTime":"[^"]+"/, '')
      expect(strip(text)).toBe(strip(before[i]))
    }
  })

  it('lets exactly one of two deciders at once win, and a cancelled auction drops its proposal', async () => {
    const [buyer, manager, admin] = await Promise.all(['buyer@acme.test', 'buyer.manager@acme.test', 'admin@acme.test'].map(staff))
    const { id, bright } = await closedAuction()
    await awardAuction(buyer, id, { orgId: bright, justification: 'Holds stock' })
    const outcomes = await Promise.allSettled([confirmAward(manager, id, { orgId: bright }), declineAward(admin, id, { orgId: bright, reason: 'No' })])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect((lost.reason as DomainError).messageKey).toMatch(/NO_PROPOSAL|TRANSITION_NOT_ALLOWED/)
    const { state } = await auctionStateFor(id)
    expect(state.awardProposal).toBeNull()
    expect(await verifyAuction(id)).toMatchObject({ ok: true })

    const other = await closedAuction()
    await awardAuction(buyer, other.id, { orgId: other.bright, justification: 'Holds stock' })
    await cancelAuction(manager, other.id, { reason: 'Requirement dropped' })
    expect((await auctionStateFor(other.id)).state).toMatchObject({ status: 'cancelled', awardProposal: null })
    expect((await auctionStateFor(other.id)).row.awardProposedOrgId).toBeNull()
    expect(await verifyAuction(other.id)).toMatchObject({ ok: true })
  }, 30_000)
})
