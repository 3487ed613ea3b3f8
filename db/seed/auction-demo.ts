// Demo auctions, built through the same commands the console and the portal use (so their logs
// are real, hash-chained and verifiable): one finished and awarded; one finished whose award to
// rank 2 the buyer proposed and a buyer manager still has to confirm (rules D15: two people); one
// starting a few minutes after the first start with the three demo suppliers invited: Bright and
// Precision have accepted its terms, Ningbo has not yet (its home page shows the invitation and the
// rules to accept). Each has a last purchase price, so the buyer's savings against it show on first
// start: below it for the cartons and the housings, above it (prices rose) for the wrap film.
// Their titles name the goods, never a state ('live', 'finished', 'awaiting award'): a title outlives
// every state the auction passes through, and the status badge beside it says which one it is in.
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

export async function seedAuctionDemo(): Promise<{ finished: string; awaitingConfirmation: string; upcoming: string }> {
  const buyer = await actor('buyer@acme.test')
  const orgs = await db().select({ id: organizations.id, code: organizations.code }).from(organizations).where(inArray(organizations.code, SUPPLIERS.map(([c]) => c)))
  const orgId = (code: string) => orgs.find((o) => o.code === code)!.id
  const supplierActors = await Promise.all(SUPPLIERS.map(([, email]) => actor(email)))
  const productId = async (sku: string) => (await db().select({ id: products.id }).from(products).where(eq(products.sku, sku)))[0]?.id
  const participantIds = SUPPLIERS.map(([c]) => orgId(c))

  // 1. Two finished ones: each runs for a few seconds of real (database) time so that every time in
  //    its log is the clock's own; the bids land well inside that window, and one wait closes both.
  const runBriefly = async (
    title: string,
    line: { productId: string | undefined; description: string; quantity: string; unit: string },
    prices: { ceiling: string; reserve: string; lastPurchasePrice: string },
    ladder: [number, string][],
  ) => {
    const now = await dbNow(db())
    const { id } = await createAuction(
      buyer,
      AuctionSetupSchema.parse({
        title,
        lines: [line],
        participantIds,
        ...prices,
        decrementPercent: '0.5',
        startsAt: at(now, -3600),
        endsAt: at(now, 4),
        hardStopAt: at(now, 4),
        softCloseMaxExtensions: 0,
        visibility: 'best',
      }),
    )
    await publishAuction(buyer, id)
    for (const s of supplierActors) await acceptTerms(s, id)
    await advanceAuctions()
    // Unconfirmed, as the bid room sends a drop under the max single drop: the log marks a confirmed bid as a large drop
    // confirmed, and every demo bid read so though none drops by 20 %.
    for (const [who, amount] of ladder) {
      const r = await placeBid(supplierActors[who], id, { amount, confirm: false, clientBidId: randomUUID() })
      if (!r.answer.ok) throw new Error(`demo bid ${amount} refused: ${r.answer.error.code}`)
    }
    return id
  }
  const finished = await runBriefly(
    '纸箱年度采购（演示）Annual carton supply (demo)',
    { productId: await productId('PK-3001'), description: '瓦楞纸箱 40×30×30 Corrugated carton', quantity: '20000', unit: 'pcs' },
    { ceiling: '60000.00', reserve: '52000.00', lastPurchasePrice: '56800.00' },
    [[0, '58000.00'], [1, '57000.00'], [2, '56500.00'], [0, '55000.00'], [1, '54200.00'], [2, '53900.00'], [0, '53500.00']],
  )
  const awaitingConfirmation = await runBriefly(
    '托盘缠绕膜（演示）Pallet wrap film (demo)',
    { productId: await productId('PK-3005'), description: '托盘缠绕膜 Pallet wrap film', quantity: '1200', unit: 'roll' },
    { ceiling: '48000.00', reserve: '42000.00', lastPurchasePrice: '43200.00' },
    [[0, '46500.00'], [1, '45800.00'], [0, '44900.00'], [1, '44100.00'], [0, '43800.00'], [1, '43500.00']],
  )
  // The clock closes them once the database's time passes their ends (a few seconds from now).
  const giveUp = Date.now() + 30_000
  const closed = new Set<string>()
  while (!closed.has(finished) || !closed.has(awaitingConfirmation)) {
    if (Date.now() > giveUp) throw new Error('demo auctions did not close')
    for (const c of (await advanceAuctions()).closed) closed.add(c.auctionId)
    if (!closed.has(finished) || !closed.has(awaitingConfirmation)) await new Promise((r) => setTimeout(r, 250))
  }
  await awardAuction(buyer, finished, { orgId: orgId('SUP-BRIGHT'), justification: null })
  // Rank 2 (Bright) over rank 1 (Precision): a proposal for the buyer manager's bell and page.
  await awardAuction(buyer, awaitingConfirmation, {
    orgId: orgId('SUP-BRIGHT'),
    justification: '明亮 3 天内从深圳交货，精密交期 3 周。Bright delivers from Shenzhen within 3 days; Precision needs 3 weeks.',
  })

  let now = await dbNow(db())
  // 2. Upcoming: starts three minutes after the seed, runs half an hour, default soft close.
  now = await dbNow(db())
  const upcoming = await createAuction(
    buyer,
    AuctionSetupSchema.parse({
      title: '铝合金外壳（演示）Aluminium housings AH-200 (demo)',
      description: '交货期 30 天，含税到厂价。Delivered to the Shanghai plant within 30 days, tax included.',
      lines: [{ description: '铝合金外壳 AH-200 Aluminium housing', quantity: '5000', unit: 'pcs' }],
      participantIds,
      ceiling: '250000.00',
      lastPurchasePrice: '236000.00',
      decrementPercent: '0.5',
      startsAt: at(now, 180),
      endsAt: at(now, 180 + 1800),
      hardStopAt: at(now, 180 + 3600),
      visibility: 'ladder',
    }),
  )
  await publishAuction(buyer, upcoming.id)
  for (const s of supplierActors) if (s.orgId !== orgId('SUP-NINGBO')) await acceptTerms(s, upcoming.id)
  return { finished, awaitingConfirmation, upcoming: upcoming.id }
}
