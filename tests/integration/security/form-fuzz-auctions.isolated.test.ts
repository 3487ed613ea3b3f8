// M1 on the auction forms: the set-up form, the console's auction page while it runs (pause, extend, cancel, a
// surrogate bid), paused (resume), once it closed (award, void) and with an award waiting for its second person
// (confirm, decline), and the supplier's bid room (accept the terms, bid), each as the person who uses it, on
// auctions made for the test. See form-fuzz.ts.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Actor } from '~/auth/roles'
import { createAuction } from '~/domain/auction/create-auction.server'
import { publishAuction } from '~/domain/auction/publish-auction.server'
import { pauseAuction } from '~/domain/auction/pause-auction.server'
import { awardAuction } from '~/domain/auction/award-auction.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { closedAuction, runningAuction, setup } from '../auction/helpers'
import { CHECK_ALL, expectPageHolds } from './form-fuzz'

vi.mock('@radix-ui/react-dialog', (importOriginal) => import('./open-dialogs').then((m) => m.openDialogs(importOriginal)))

useTestDatabase({ seed: true })

const AUCTION_TABLES = ['auctions', 'auction_lines', 'auction_participants', 'auction_bids', 'auction_events', 'idempotency_keys']
// A bid the rules refuse is logged as a bid_rejected event, and its answer kept under its client bid id (a retry gets
// the same answer): those two are written on a refusal by design. No bid, no audit row.
const BID_TABLES = ['auctions', 'auction_lines', 'auction_participants', 'auction_bids']

let buyer: Actor
let alice: Actor

beforeAll(async () => {
  buyer = await actorFor('buyer@acme.test')
  alice = await actorFor('alice@bright.test')
})

const consolePage = () => import('~/routes/console.auctions.$id._index')

describe('console', () => {
  it('the set-up form', async () => {
    await expectPageHolds({ name: 'auction new', mod: await import('~/routes/console.auctions.new'), actor: buyer, url: '/console/auctions/new', params: {}, fill: { [CHECK_ALL]: '1' }, tables: AUCTION_TABLES }, 1)
  }, 90_000)

  it('a running auction: pause, extend, cancel, surrogate bid', async () => {
    const id = await runningAuction(buyer)
    await expectPageHolds({ name: 'auction running', mod: await consolePage(), actor: buyer, url: `/console/auctions/${id}`, params: { id }, tables: BID_TABLES }, 3)
  }, 90_000)

  it('a paused auction: resume', async () => {
    const id = await runningAuction(buyer)
    await pauseAuction(buyer, id, { reason: 'Supplier line down' })
    await expectPageHolds({ name: 'auction paused', mod: await consolePage(), actor: buyer, url: `/console/auctions/${id}`, params: { id }, tables: AUCTION_TABLES }, 1)
  }, 90_000)

  it('an award proposed to rank 2: the second person confirms or declines it', async () => {
    const { id, bright } = await closedAuction(buyer)
    await awardAuction(buyer, id, { orgId: bright, justification: 'Bright delivers within three days' })
    const manager = await actorFor('buyer.manager@acme.test')
    await expectPageHolds({ name: 'award proposed', mod: await consolePage(), actor: manager, url: `/console/auctions/${id}`, params: { id }, tables: AUCTION_TABLES }, 2)
  }, 90_000)

  it('a closed auction: award, void', async () => {
    const { id } = await closedAuction(buyer)
    await expectPageHolds({ name: 'auction closed', mod: await consolePage(), actor: buyer, url: `/console/auctions/${id}`, params: { id }, tables: AUCTION_TABLES }, 1)
  }, 90_000)
})

describe('supplier bid room', () => {
  it('accept the terms', async () => {
    const { id } = await createAuction(buyer, await setup({ startIn: 3600, endIn: 7200, hardStopIn: 9000 }))
    await publishAuction(buyer, id)
    await expectPageHolds({ name: 'terms', mod: await import('../../../portal-supplier/routes/auctions.$id'), actor: alice, url: `/supplier/auctions/${id}`, params: { id }, tables: AUCTION_TABLES }, 1)
  }, 90_000)

  it('bid', async () => {
    const id = await runningAuction(buyer)
    await expectPageHolds({ name: 'bid', mod: await import('../../../portal-supplier/routes/auctions.$id'), actor: alice, url: `/supplier/auctions/${id}`, params: { id }, fill: { amount: '9990.00' }, tables: BID_TABLES }, 1)
  }, 90_000)
})
