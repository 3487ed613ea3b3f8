import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auctionEvents, auctionParticipants, auctions, auditLog, organizations, products } from '~db/schema'
import { advanceAuctions } from '~/domain/auction/advance-auctions.server'
import { dbNow } from '~/domain/auction/auction-store.server'
import { auctionStateFor } from '~/domain/auction/auction.queries.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { payload, routeArgs, statusOf } from '../catalog/helpers'
import { orgId, plusSeconds, runningAuction } from './helpers'

useTestDatabase({ seed: true })

type RouteModule = { loader?: (a: any) => Promise<unknown>; action?: (a: any) => Promise<unknown> }
const routes: Record<string, () => Promise<RouteModule>> = {
  '/console/auctions': () => import('~/routes/console.auctions._index'),
  '/console/auctions/new': () => import('~/routes/console.auctions.new'),
  '/console/auctions/:id': () => import('~/routes/console.auctions.$id._index'),
  '/console/auctions/:id/edit': () => import('~/routes/console.auctions.$id.edit'),
  '/console/auctions/:id/pdf': () => import('~/routes/console.auctions.$id.pdf'),
  '/console/auctions/:id/csv': () => import('~/routes/console.auctions.$id.csv'),
}
const detail = () => import('~/routes/console.auctions.$id._index')

/** The body a browser posts from the set-up form (datetime fields carry the UTC instant). */
async function setupBody(over: Record<string, string | string[]> = {}) {
  const now = await dbNow(db())
  const body = new URLSearchParams()
  const fields: Record<string, string | string[]> = {
    title: 'Cartons, Q2',
    description: '',
    currency: 'CNY',
    'lines[0].productId': '',
    'lines[0].description': 'Carton 40×30×30',
    'lines[0].quantity': '20000',
    'lines[0].unit': 'pcs',
    participantIds: [await orgId('SUP-BRIGHT'), await orgId('SUP-PRECISION')],
    ceiling: '60000',
    reserve: '',
    decrementAmount: '',
    decrementPercent: '0.5',
    mustBeatBest: 'off',
    maxSingleDropPercent: '20',
    startsAt: plusSeconds(now, 3600),
    endsAt: plusSeconds(now, 7200),
    hardStopAt: plusSeconds(now, 9000),
    softCloseWindowSeconds: '120',
    softCloseExtensionSeconds: '60',
    softCloseTrigger: 'any_bid',
    softCloseMaxExtensions: '',
    visibility: 'ladder',
    minParticipants: '2',
    ...over,
  }
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
  return body
}

const post = (body: URLSearchParams) => ({ method: 'POST', body })

/** The results PDF as the given person downloads it, read back as text (pdftotext -raw). */
async function pdfText(who: Awaited<ReturnType<typeof actorFor>>, id: string) {
  const pdf = (await (await routes['/console/auctions/:id/pdf']()).loader!(routeArgs(who, `/console/auctions/${id}/pdf`, { id }))) as Response
  const file = path.join(os.tmpdir(), `auction-results-${randomUUID()}.pdf`)
  try {
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()))
    return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(file, { force: true })
  }
}
const snapshot = async () => ({ auctions: await db().select().from(auctions).orderBy(auctions.id), parts: await db().select().from(auctionParticipants).orderBy(auctionParticipants.orgId) })

async function closedAuction() {
  const buyer = await actorFor('buyer@acme.test')
  const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], endIn: 3, hardStopIn: 3, softCloseMaxExtensions: 0 })
  for (const [email, amount] of [['alice@bright.test', '9000.00'], ['bob@precision.test', '8900.00']] as const)
    expect((await placeBid(await actorFor(email), id, { amount, confirm: false, clientBidId: randomUUID() })).answer.ok).toBe(true)
  const end = (await auctionStateFor(id)).state.currentEndsAt
  while (Date.parse(await dbNow(db())) <= Date.parse(end)) await new Promise((r) => setTimeout(r, 200))
  await advanceAuctions()
  expect((await auctionStateFor(id)).state.status).toBe('closed')
  return id
}

describe('console auction routes: who gets in', () => {
  it('answers 403 to suppliers, dealers and staff without auctions.run on every loader and action, changing nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const create = await (await routes['/console/auctions/new']()).action!(routeArgs(buyer, '/console/auctions/new', {}, post(await setupBody())))
    const id = (create as Response).headers.get('Location')!.split('/').pop()!
    const before = await snapshot()
    const denied = await db().$count(auditLog, eq(auditLog.action, 'access.denied'))
    const emails = ['alice@bright.test', 'dave@north.test', 'sales@acme.test', 'warehouse@acme.test', 'finance@acme.test']
    for (const email of emails) {
      const actor = await actorFor(email)
      for (const [pattern, load] of Object.entries(routes)) {
        const mod = await load()
        const url = pattern.replace(':id', id)
        const params: Record<string, string> = pattern.includes(':id') ? { id } : {}
        if (mod.loader) expect(await statusOf(() => mod.loader!(routeArgs(actor, url, params))), `${email} GET ${url}`).toBe(403)
        if (mod.action) {
          const body = url.endsWith('/new') || url.endsWith('/edit') ? await setupBody() : new URLSearchParams({ intent: 'publish' })
          expect(await statusOf(() => mod.action!(routeArgs(actor, url, params, post(body)))), `${email} POST ${url}`).toBe(403)
        }
      }
    }
    expect(await snapshot()).toEqual(before)
    // Each refusal is an audited access decision.
    expect(await db().$count(auditLog, eq(auditLog.action, 'access.denied'))).toBeGreaterThan(denied)
  })

  it('answers 404 for an auction that does not exist or a malformed id', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const { loader, action } = await detail()
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect(await statusOf(() => loader(routeArgs(buyer, `/console/auctions/${id}`, { id })))).toBe(404)
      expect(await statusOf(() => action(routeArgs(buyer, `/console/auctions/${id}`, { id }, post(new URLSearchParams({ intent: 'publish' })))))).toBe(404)
    }
  })
})

describe('the auction list', () => {
  it('filters by status and searches on the server, with the schedule and invited count', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const newRoute = await routes['/console/auctions/new']()
    await newRoute.action!(routeArgs(buyer, '/console/auctions/new', {}, post(await setupBody({ title: 'Steel bolts lot' }))))
    const running = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION', 'SUP-NINGBO'] })
    const { loader } = await routes['/console/auctions']()
    const list = async (qs: string) => ((await loader!(routeArgs(buyer, `/console/auctions${qs}`))) as any).rows as { id: string; title: string; status: string; participants: number; startsAt: string }[]
    expect((await list('?status=draft')).map((r) => r.title)).toContain('Steel bolts lot')
    expect((await list('?status=draft')).every((r) => r.status === 'draft')).toBe(true)
    expect((await list('?q=bolts')).map((r) => r.title)).toEqual(['Steel bolts lot'])
    expect(await list('?q=bolts&status=running')).toEqual([])
    const row = (await list('?status=running')).find((r) => r.id === running)!
    expect(row).toMatchObject({ participants: 3 })
    expect(row.startsAt).toMatch(/Z$/)
    // A bogus status is ignored rather than an error.
    expect((await list('?status=nope')).length).toBeGreaterThanOrEqual(2)
  })
})

describe('creating and editing a draft', () => {
  it('creates a draft from the form with every setting, including must-beat-best off and unlimited extensions', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const { action } = await routes['/console/auctions/new']()
    const res = (await action!(routeArgs(buyer, '/console/auctions/new', {}, post(await setupBody())))) as Response
    expect(res.status).toBe(302)
    const id = res.headers.get('Location')!.split('/').pop()!
    const { row, state, lines } = await auctionStateFor(id)
    expect(row).toMatchObject({ status: 'draft', title: 'Cartons, Q2', ceiling: '60000.00', mustBeatBest: false, softCloseMaxExtensions: null, softCloseTrigger: 'any_bid', visibility: 'ladder', softCloseWindowSeconds: 120 })
    expect(lines.map((l) => l.description)).toEqual(['Carton 40×30×30'])
    expect(state.participants).toHaveLength(2)
  })

  it('refuses unknown fields and a bad setting with 400 and a localized field message, writing nothing', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const { action } = await routes['/console/auctions/new']()
    const before = await snapshot()
    for (const extra of [{ status: 'running' }, { buyerUserId: buyer.userId }, { reserve: '70000' }, { ceiling: '-1' }] as Record<string, string>[]) {
      const res = await action!(routeArgs(buyer, '/console/auctions/new', {}, post(await setupBody(extra))))
      expect(await statusOf(async () => res), JSON.stringify(extra)).toBe(400)
    }
    const res = await action!(routeArgs(buyer, '/console/auctions/new', {}, post(await setupBody({ reserve: '70000' }))))
    expect(payload(res).submission.error.reserve).toEqual(['auction:validation.reserveAboveCeiling'])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses an inactive supplier on create, on edit and when adding participants after publish (server side, not only the UI)', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const ningbo = await orgId('SUP-NINGBO')
    await db().update(organizations).set({ status: 'inactive' }).where(eq(organizations.id, ningbo))
    const newRoute = await routes['/console/auctions/new']()
    const before = await snapshot()
    const bad = await newRoute.action!(routeArgs(buyer, '/console/auctions/new', {}, post(await setupBody({ participantIds: [await orgId('SUP-BRIGHT'), ningbo] }))))
    expect(await statusOf(async () => bad)).toBe(400)
    expect(payload(bad).submission.error.participantIds).toEqual(['auction:errors.supplierNotEligible'])
    expect(await snapshot()).toEqual(before)

    const ok = (await newRoute.action!(routeArgs(buyer, '/console/auctions/new', {}, post(await setupBody())))) as Response
    const id = ok.headers.get('Location')!.split('/').pop()!
    const edit = await routes['/console/auctions/:id/edit']()
    const badEdit = await edit.action!(routeArgs(buyer, `/console/auctions/${id}/edit`, { id }, post(await setupBody({ participantIds: [await orgId('SUP-BRIGHT'), ningbo] }))))
    expect(await statusOf(async () => badEdit)).toBe(400)
    const draftPage: any = await edit.loader!(routeArgs(buyer, `/console/auctions/${id}/edit`, { id }))
    expect(draftPage.values).toMatchObject({ title: 'Cartons, Q2', mustBeatBest: 'off', softCloseMaxExtensions: '', visibility: 'ladder', ceiling: '60000.00' })
    expect(draftPage.values.lines).toEqual([{ productId: '', description: 'Carton 40×30×30', quantity: '20000', unit: 'pcs' }])
    // The form does not offer it either.
    const page: any = await newRoute.loader!(routeArgs(buyer, '/console/auctions/new'))
    expect(page.suppliers.find((s: any) => s.id === ningbo)).toMatchObject({ active: false })

    const { action } = await detail()
    expect(await statusOf(() => action(routeArgs(buyer, `/console/auctions/${id}`, { id }, post(new URLSearchParams({ intent: 'publish' })))))).toBe(302)
    const addBad = await action(routeArgs(buyer, `/console/auctions/${id}`, { id }, post(new URLSearchParams({ intent: 'addParticipants', participantIds: ningbo }))))
    expect(await statusOf(async () => addBad)).toBe(400)
    expect((await auctionStateFor(id)).state.participants.map((p) => p.orgId)).not.toContain(ningbo)
    // After publish the settings are locked: the edit page is gone and its action is refused.
    expect(await statusOf(() => edit.loader!(routeArgs(buyer, `/console/auctions/${id}/edit`, { id })))).toBe(404)
    expect(await statusOf(() => edit.action!(routeArgs(buyer, `/console/auctions/${id}/edit`, { id }, post(new URLSearchParams()))))).toBe(400)
    const locked = await edit.action!(routeArgs(buyer, `/console/auctions/${id}/edit`, { id }, post(await setupBody())))
    expect(await statusOf(async () => locked)).toBe(409)
    await db().update(organizations).set({ status: 'active' }).where(eq(organizations.id, ningbo))
  })

  it('reads ?product= as ids only: a uuid-shaped string of hyphens is no product (it reached PostgreSQL as a 500)', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const [p] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001'))
    const newRoute = await routes['/console/auctions/new']()
    const page: any = await newRoute.loader!(routeArgs(buyer, `/console/auctions/new?product=${'-'.repeat(36)}&product=${p.id}`))
    expect(page.picked).toEqual([p.id])
  })
})

describe('the event log in the buyer’s words', () => {
  it('names a rejection’s reason, a voided bid’s supplier and amount, amounts as money and times to the second, on the page and in the PDF', async () => {
    const buyer = await actorFor('buyer@acme.test')
    // Paid 9,350 last time: once Precision's 9,400 is voided the best bid (9,500) is above it.
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'], lastPurchasePrice: '9350.00' })
    const [alice, bob] = [await actorFor('alice@bright.test'), await actorFor('bob@precision.test')]
    expect((await placeBid(alice, id, { amount: '9500.00', confirm: false, clientBidId: randomUUID() })).answer.ok).toBe(true)
    const bobBid = (await placeBid(bob, id, { amount: '9400.00', confirm: false, clientBidId: randomUUID() })).answer
    if (!bobBid.ok) throw new Error('premise')
    expect((await placeBid(alice, id, { amount: '9450.00', confirm: false, clientBidId: randomUUID() })).answer).toMatchObject({ ok: false, error: { code: 'MUST_BEAT_BEST' } })
    const { action, loader } = await detail()
    const voided = await action(routeArgs(buyer, `/console/auctions/${id}`, { id }, post(new URLSearchParams({ intent: 'void', bidId: bobBid.bid.id, reason: 'Typing error' }))))
    expect(await statusOf(async () => voided)).toBe(302)

    const page: any = await loader(routeArgs(buyer, `/console/auctions/${id}`, { id }))
    const precision = page.detail.orgNames[await orgId('SUP-PRECISION')]
    const bright = page.detail.orgNames[await orgId('SUP-BRIGHT')]
    const byType = (type: string) => page.detail.log.find((r: any) => r.type === type).detail
    expect(byType('bid_voided')).toEqual({ kind: 'voided', supplier: precision, amount: '9400.00', bidId: bobBid.bid.id, reason: 'Typing error' })
    expect(byType('bid_rejected')).toMatchObject({ kind: 'rejected', supplier: bright, amount: '9450.00', code: 'MUST_BEAT_BEST', maxAcceptable: '9390.00' })

    const text = await pdfText(buyer, id)
    // The narrow columns wrap anywhere: compared without white space.
    const flat = text.replace(/\s+/g, '')
    // The buyer reads zh-CN: the reason by its name, the voided bid by supplier and amount, the amounts as money.
    for (const s of ['未低于最优价', '¥9,450.00', '¥9,390.00', `${precision}的报价¥9,400.00·原因：Typingerror`]) expect(flat, s).toContain(s.replace(/\s+/g, ''))
    // Chinese wraps between any two characters, an amount never: "¥9 / 9,000.00" misread as two numbers.
    for (const s of ['¥9,450.00', '¥9,390.00', '¥9,400.00']) expect(text, s).toContain(s)
    expect(text).toMatch(/\d\d:\d\d:\d\d/)
    expect(text).not.toContain('MUST_BEAT_BEST')
    // Labels take the language's colon: full-width in Chinese.
    expect(flat).toContain('生成时间：')
    expect(flat).not.toContain('生成时间:')
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/)
    expect(text).not.toMatch(/ 9450\.00| 9390\.00/)
    // The best bid above the last purchase price: said once, as how far above, not as a negative saving.
    for (const s of ['上次采购价¥9,350.00', '高于上次采购价¥150.00（+1.6%）']) expect(flat, s).toContain(s)
    expect(flat).not.toContain('节省-')
    expect(flat).not.toContain('较上次采购价节省')
    // Still running: nothing awarded, nor proposed.
    expect(flat).toContain('授标未授标')
    expect(page.detail.view.savingsVsLastPurchase).toEqual({ amount: '-150.00', percent: '-1.60' })

    const result = (await (await routes['/console/auctions/:id/csv']()).loader!(routeArgs(buyer, `/console/auctions/${id}/csv?part=result`, { id }))) as Response
    const [header, first] = (await result.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    expect(header.split(',').slice(-3)).toEqual(['last_purchase_price', 'savings_vs_last_purchase', 'savings_vs_last_purchase_percent'])
    expect(first).toMatch(/^1,.*,9500\.00,CNY,500\.00,5\.00,.*,9350\.00,-150\.00,-1\.60$/)
  })
})

describe('the auction page actions', () => {
  it('requires a reason to pause, cancel or void, refuses unknown intents and fields, and extends the end', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const { action } = await detail()
    const run = (fields: Record<string, string>) => action(routeArgs(buyer, `/console/auctions/${id}`, { id }, post(new URLSearchParams(fields))))
    const before = await auctionStateFor(id)
    expect(await statusOf(() => run({ intent: 'pause' }))).toBe(400)
    expect(await statusOf(() => run({ intent: 'pause', reason: '   ' }))).toBe(400)
    expect(await statusOf(() => run({ intent: 'cancel' }))).toBe(400)
    expect(await statusOf(() => run({ intent: 'void', bidId: randomUUID() }))).toBe(400)
    expect(await statusOf(() => run({ intent: 'drop-table' }))).toBe(400)
    expect(await statusOf(() => run({ intent: 'resume', status: 'running' }))).toBe(400)
    expect((await auctionStateFor(id)).seq).toBe(before.seq)

    const newEnd = plusSeconds(before.state.currentEndsAt, 600)
    expect(await statusOf(() => run({ intent: 'extend', endsAt: newEnd, reason: 'Supplier asked for time' }))).toBe(302)
    expect((await auctionStateFor(id)).state.currentEndsAt).toBe(newEnd)
    expect(await statusOf(() => run({ intent: 'extend', endsAt: before.state.currentEndsAt, reason: 'earlier' }))).toBe(409)
    expect(await statusOf(() => run({ intent: 'pause', reason: 'Line outage' }))).toBe(302)
    expect((await auctionStateFor(id)).state.status).toBe('paused')
    // A resume takes a reason too, as the pause and the cancel do, and the log keeps it.
    expect(await statusOf(() => run({ intent: 'resume' }))).toBe(400)
    expect((await auctionStateFor(id)).state.status).toBe('paused')
    expect(await statusOf(() => run({ intent: 'resume', reason: 'Line back up' }))).toBe(302)
    expect((await auctionStateFor(id)).state.status).toBe('running')
    const [resumed] = await db().select({ payload: auctionEvents.payload }).from(auctionEvents).where(and(eq(auctionEvents.auctionId, id), eq(auctionEvents.type, 'resumed')))
    expect(resumed.payload).toEqual({ reason: 'Line back up' })
  })

  it('places a surrogate bid marked as such, and answers a rule refusal with its code and message', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const id = await runningAuction(buyer, { participants: ['SUP-BRIGHT', 'SUP-PRECISION'] })
    const bright = await orgId('SUP-BRIGHT')
    const { action } = await detail()
    const surrogate = (amount: string) =>
      action(routeArgs(buyer, `/console/auctions/${id}`, { id }, post(new URLSearchParams({ intent: 'surrogate', orgId: bright, amount, clientBidId: randomUUID(), reason: 'Lost connection' }))))
    expect(await statusOf(() => surrogate('9900.00'))).toBe(302)
    const refused = await surrogate('9899.99')
    expect(await statusOf(async () => refused)).toBe(422)
    expect(payload(refused).bidError).toMatchObject({ code: 'DECREMENT_NOT_MET', messageKey: 'auction:reject.DECREMENT_NOT_MET' })
    // The dialog's amounts as money in the buyer's language (zh-CN), never "9890.00".
    expect(payload(refused).bidError.messageParams).toEqual({ maxAcceptable: '¥9,890.00' })
    // The refused attempt is in the log with the buyer's reason, as the accepted one is.
    const [logged] = await db().select({ payload: auctionEvents.payload }).from(auctionEvents).where(and(eq(auctionEvents.auctionId, id), eq(auctionEvents.type, 'bid_rejected')))
    expect(logged.payload).toMatchObject({ surrogate: true, code: 'DECREMENT_NOT_MET', reason: 'Lost connection' })
    const big = await surrogate('1000.00')
    expect(payload(big).bidError).toMatchObject({ code: 'CONFIRMATION_REQUIRED', messageParams: { maxAcceptable: '¥9,890.00', confirmationThreshold: '¥7,920.00' } })
    const { state } = await auctionStateFor(id)
    expect(state.bids).toHaveLength(1)
    expect(state.bids[0]).toMatchObject({ orgId: bright, amount: '9900.00', surrogate: true })
  })

  it('after the close: verifies, refuses an award to rank 2 without a justification, proposes it with one, a manager confirms, and exports PDF and CSV', async () => {
    const buyer = await actorFor('buyer@acme.test')
    const manager = await actorFor('buyer.manager@acme.test')
    const id = await closedAuction()
    const { action, loader } = await detail()
    const runAs = (who: typeof buyer, fields: Record<string, string>) => action(routeArgs(who, `/console/auctions/${id}`, { id }, post(new URLSearchParams(fields))))
    const run = (fields: Record<string, string>) => runAs(buyer, fields)
    const verified = await run({ intent: 'verify' })
    expect(payload(verified).verify).toMatchObject({ ok: true, chainOk: true, discrepancies: [], mismatches: [] })

    const bright = await orgId('SUP-BRIGHT') // rank 2 (9000 vs 8900)
    const noReason = await run({ intent: 'award', orgId: bright, justification: '' })
    expect(await statusOf(async () => noReason)).toBe(409)
    expect(payload(noReason).submission.error['']).toEqual(['auction:transitionError.JUSTIFICATION_REQUIRED'])
    expect((await auctionStateFor(id)).state.status).toBe('closed')
    // Proposed, declined by the manager from the page's dialog (the proposal it showed, a reason), proposed again.
    expect(await statusOf(() => run({ intent: 'award', orgId: bright, justification: 'Cheaper freight' }))).toBe(302)
    const first = (await auctionStateFor(id)).state.awardProposal!
    expect(await statusOf(() => runAs(manager, { intent: 'declineAward', orgId: bright, proposedAt: first.proposedAt, reason: '' }))).toBe(400)
    expect(await statusOf(() => runAs(manager, { intent: 'declineAward', orgId: bright, proposedAt: first.proposedAt, reason: 'Freight is ours to pay' }))).toBe(302)
    expect((await auctionStateFor(id)).state.awardProposal).toBeNull()
    expect(await statusOf(() => run({ intent: 'award', orgId: bright, justification: 'Shorter lead time' }))).toBe(302)
    expect((await auctionStateFor(id)).state).toMatchObject({ status: 'closed', awardProposal: { orgId: bright, justification: 'Shorter lead time', proposedBy: (buyer as any).userId } })
    // The first proposal's page is stale now: its decision is refused as changed.
    expect(await statusOf(() => runAs(manager, { intent: 'confirmAward', orgId: bright, proposedAt: first.proposedAt }))).toBe(409)
    const waiting: any = await loader(routeArgs(manager, `/console/auctions/${id}`, { id }))
    expect(waiting.detail.awardProposal).toMatchObject({ orgId: bright, rank: 2, amount: '9000.00', justification: 'Shorter lead time', proposedByName: expect.any(String) })
    // The printout of a waiting proposal says it awaits confirmation, to whom and by whom, as the page does ("Awarded —" read as undecided).
    const brightName = waiting.detail.orgNames[bright]
    const proposed = (await pdfText(buyer, id)).replace(/\s+/g, '')
    expect(proposed).toContain(`授标待第二人确认：${waiting.detail.awardProposal.proposedByName}于`.replace(/\s+/g, ''))
    expect(proposed).toContain(`建议授标给${brightName}（第2名，¥9,000.00）。·Shorterleadtime`.replace(/\s+/g, ''))
    expect(proposed).not.toContain('未授标')
    expect(waiting.viewer).toMatchObject({ canConfirmAward: true })
    // The buyer holds no confirming role; the manager confirms, with the action token, the proposal the page showed.
    const proposedAt = waiting.detail.awardProposal.proposedAt
    expect(await statusOf(() => run({ intent: 'confirmAward', orgId: bright, proposedAt }))).toBe(403)
    expect(await statusOf(() => action(routeArgs(manager, `/console/auctions/${id}`, { id }, post(new URLSearchParams({ intent: 'confirmAward', orgId: bright, proposedAt })), { withoutActionToken: true })))).toBe(403)
    expect(await statusOf(() => runAs(manager, { intent: 'confirmAward', orgId: bright }))).toBe(400)
    expect(await statusOf(() => runAs(manager, { intent: 'confirmAward', orgId: bright, proposedAt: plusSeconds(proposedAt, -1) }))).toBe(409)
    expect((await auctionStateFor(id)).state.status).toBe('closed')
    expect(await statusOf(() => runAs(manager, { intent: 'confirmAward', orgId: bright, proposedAt }))).toBe(302)
    const after = await auctionStateFor(id)
    expect(after.state).toMatchObject({ status: 'awarded', awardedOrgId: bright })

    const page: any = await loader(routeArgs(buyer, `/console/auctions/${id}`, { id }))
    expect(page.detail.log.map((r: any) => r.type)).toContain('awarded')
    expect(page.detail.view.ladder.map((r: any) => r.orgName)).toHaveLength(2)

    const pdf = (await (await routes['/console/auctions/:id/pdf']()).loader!(routeArgs(buyer, `/console/auctions/${id}/pdf`, { id }))) as Response
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf')
    const awardedText = (await pdfText(buyer, id)).replace(/\s+/g, '')
    expect(awardedText).toContain(`授标${brightName.replace(/\s+/g, '')}·¥9,000.00·Shorterleadtime`)
    expect(awardedText).not.toContain('待第二人确认')
    expect(pdf.headers.get('Content-Disposition')).toMatch(/attachment; filename=.*results\.pdf/)
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')

    const csvRoute = await routes['/console/auctions/:id/csv']()
    const log = (await csvRoute.loader!(routeArgs(buyer, `/console/auctions/${id}/csv`, { id }))) as Response
    expect(log.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(log.headers.get('Content-Disposition')).toMatch(/log\.csv/)
    const text = (await log.text()).replace(/^\uFEFF/, '')
    const rows = text.trim().split(/\r?\n/)
    // Machine-readable, one named column per fact (not one "detail" mixing names, amounts and codes).
    expect(rows[0]).toBe('seq,at_utc,actor,event_type,currency,supplier,amount,reject_code,max_acceptable,large_drop_confirmed,bid_id,previous_ends_at_utc,new_ends_at_utc,extension_no,reason,hash_sha256')
    expect(rows).toHaveLength(after.seq + 1)
    expect(rows.at(-1)).toContain('awarded')
    expect(rows.find((r) => r.includes(',bid_accepted,'))).toMatch(/,bid_accepted,CNY,[^,]+,9000\.00,,,no,[0-9a-f-]{36},,,,,[0-9a-f]{64}$/)
    const result = (await csvRoute.loader!(routeArgs(buyer, `/console/auctions/${id}/csv?part=result`, { id }))) as Response
    const resultRows = (await result.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    expect(resultRows[1]).toMatch(/^1,.*,8900\.00,CNY,1100\.00,11\.00,/)
    // No last purchase price: its three columns (the last ones) stay empty.
    expect(resultRows[2]).toMatch(/^2,.*,9000\.00,.*,yes,,,$/)
    // Each download of the log or result is on record (PDF, log CSV, result CSV).
    const exported = await db().select().from(auditLog).where(eq(auditLog.action, 'auction.exported')).orderBy(auditLog.id)
    expect(exported.filter((r) => r.entityId === id).map((r) => r.after)).toEqual([{ format: 'pdf' }, { format: 'pdf' }, { format: 'pdf' }, { format: 'csv', part: 'log' }, { format: 'csv', part: 'result' }])
  }, 30_000)
})
