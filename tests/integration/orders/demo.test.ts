import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { seedOrdersDemo } from '~db/seed/orders-demo'
import { verifyAuditChain } from '~/audit/record.server'
import { useTestDatabase } from '../../support/db'
import { ledgerBreaches } from '../inventory/helpers'
import { dealerExposure } from '~/domain/orders/credit.server'
import { lineIdentityBreaches, linesOf, orderRow, pureExposureOf, requisitionOf } from './helpers'

useTestDatabase({ seed: true })

describe('demo orders', () => {
  it('hold one order in every status, made through the commands so stock, reservations and audit agree', async () => {
    const { restCancelled, ...ids } = await seedOrdersDemo()
    for (const [status, id] of Object.entries(ids)) expect((await orderRow(id)).status, status).toBe(status)
    // Shipped on what went out: 60 of 100, the other 40 cancelled, nothing left reserved or backordered.
    expect((await orderRow(restCancelled)).status).toBe('shipped')
    expect((await linesOf(restCancelled)).map((l) => [Number(l.shippedQty), Number(l.cancelledQty), Number(l.backorderedQty)])).toEqual([[60, 40, 0]])
    const submitted = await orderRow(ids.submitted)
    expect(submitted.needsApproval).toBe(true)
    expect(submitted.creditCheck).toMatchObject({ limit: '30000.00', overLimit: true })
    const req = await requisitionOf(ids.approved)
    expect(req?.status).toBe('open')
    expect(req?.lines.map((l) => Number(l.quantity))).toEqual([4])
    expect(await requisitionOf(ids.cancelled)).toBeNull()
    expect((await orderRow(ids.rejected)).decisionNote).toMatch(/credit/)
    const [{ n }] = await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from shipments where tracking_number <> '' and carrier <> ''`)
    expect(n).toBe(4)
    expect(await lineIdentityBreaches()).toEqual([])
    // The credit query in SQL and the pure rule agree on every demo dealer's exposure.
    for (const code of ['DLR-NORTH', 'DLR-EAST', 'DLR-SOUTH']) {
      const [org] = await rawRows<{ id: string }>(db(), sql`select id from organizations where code = ${code}`)
      expect(await dealerExposure(db(), org.id), code).toEqual(await pureExposureOf(org.id))
    }
    const north = await rawRows<{ id: string }>(db(), sql`select id from organizations where code = 'DLR-NORTH'`)
    expect(Number((await dealerExposure(db(), north[0].id)).receivables)).toBeGreaterThan(0)
    expect(await ledgerBreaches()).toEqual([])
    expect((await verifyAuditChain()).ok).toBe(true)
  }, 60_000)
})
