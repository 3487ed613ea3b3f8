// Demo auctions, built through the same commands the console and the portal use (so their logs
// are real, hash-chained and verifiable): one finished and awarded, one starting a few minutes
// after the first start with the three demo suppliers invited: Bright and Precision have accepted
// its terms, Ningbo has not yet (its home page shows the invitation and the rules to accept).
import { randomUUID } from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import { db } from '../client'
import { organizations, products, users } from '../schema'
import { loadActor } from '~/auth/actor.server'
import type { Actor } from '~/auth/roles'
import { acceptTerms } from '~/domain/auction/accept-terms.server'
import { advanceAuctions } from '~/domain/auction/advance-auctions.server'
import { dbNow } from '~/domain/auction/auction-store.server'
import { AuctionSetupSchema } from '~/domain/auction/auction.validation'
import { awardAuction } from '~/domain/auction/award-auction.server'
import { createAuction } from '~/domain/auction/create-auction.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'

const SUPPLIERS = [
  ['SUP-BRIGHT', 'alice@bright.test'],
  ['SUP-PRECISION', 'bob@precision.test'],
  ['SUP-NINGBO', 'carol@ningbo.test'],
] as const

async function actor(email: string): Promise<Actor> {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, email))
  // The seed acts as these users without signing them in; the session id only labels the audit.
  const a = u && (await loadActor(u.id, 'seed'))
  if (!a) throw new Error(`demo user ${email} missing`)
  return a
}

const at = (base: string, seconds: number) => new Date(Date.parse(base) + seconds * 1000).toISOString()

export async function seedAuctionDemo(): Promise<{ finished: string; upcoming: string }> {
  const buyer = await actor('buyer@acme.test')
  const orgs = await db().select({ id: organizations.id, code: organizations.code }).from(organizations).where(inArray(organizations.code, SUPPLIERS.map(([c]) => c)))
  const orgId = (code: string) => orgs.find((o) => o.code === code)!.id
  const supplierActors = await Promise.all(SUPPLIERS.map(([, email]) => actor(email)))
  const carton = (await db().select({ id: products.id }).from(products).where(eq(products.sku, 'PK-3001')))[0]?.id

  const lines = [{ productId: carton, description: '瓦楞纸箱 40×30×30 Corrugated carton', quantity: '20000', unit: 'pcs' }]
  const participantIds = SUPPLIERS.map(([c]) => orgId(c))

  // 1. Finished: it runs for a few seconds of real (database) time so that every time in its log
  //    is the clock's own; the bids below land well inside that window.
  let now = await dbNow(db())
  const finished = await createAuction(
    buyer,
    AuctionSetupSchema.parse({
      title: '纸箱年度采购 Annual carton supply (demo, finished)',
      lines,
      participantIds,
      ceiling: '60000.00',
      reserve: '52000.00',
      decrementPercent: '0.5',
      startsAt: at(now, -3600),
      endsAt: at(now, 4),
      hardStopAt: at(now, 4),
      softCloseMaxExtensions: 0,
      visibility: 'best',
    }),
  )
  await publishAuction(buyer, finished.id)
  for (const s of supplierActors) await acceptTerms(s, finished.id)
  await advanceAuctions()
  const ladder: [number, string][] = [[0, '58000.00'], [1, '57000.00'], [2, '56500.00'], [0, '55000.00'], [1, '54200.00'], [2, '53900.00'], [0, '53500.00']]
  for (const [who, amount] of ladder) {
    const r = await placeBid(supplierActors[who], finished.id, { amount, confirm: true, clientBidId: randomUUID() })
    if (!r.answer.ok) throw new Error(`demo bid ${amount} refused: ${r.answer.error.code}`)
  }
  // The clock closes it once the database's time passes the end (a few seconds from now).
  const giveUp = Date.now() + 30_000
  while (!(await advanceAuctions()).closed.some((c) => c.auctionId === finished.id)) {
    if (Date.now() > giveUp) throw new Error('demo auction did not close')
    await new Promise((r) => setTimeout(r, 250))
  }
  await awardAuction(buyer, finished.id, { orgId: orgId('SUP-BRIGHT'), justification: null })

  // 2. Upcoming: starts three minutes after the seed, runs half an hour, default soft close.
  now = await dbNow(db())
  const upcoming = await createAuction(
    buyer,
    AuctionSetupSchema.parse({
      title: '铝合金外壳 Aluminium housings AH-200 (demo, live)',
      description: '交货期 30 天，含税到厂价。Delivered to the Shanghai plant within 30 days, tax included.',
      lines: [{ description: '铝合金外壳 AH-200 Aluminium housing', quantity: '5000', unit: 'pcs' }],
      participantIds,
      ceiling: '250000.00',
      decrementPercent: '0.5',
      startsAt: at(now, 180),
      endsAt: at(now, 180 + 1800),
      hardStopAt: at(now, 180 + 3600),
      visibility: 'ladder',
    }),
  )
  await publishAuction(buyer, upcoming.id)
  for (const s of supplierActors) if (s.orgId !== orgId('SUP-NINGBO')) await acceptTerms(s, upcoming.id)
  return { finished: finished.id, upcoming: upcoming.id }
}
