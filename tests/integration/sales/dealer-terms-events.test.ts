// A dealer's new terms reach, after commit, that dealer's own users and staff, with the id alone:
// credit figures and prices on their screens refetch. Never another dealer, never a supplier; an
// unchanged save or a refused one says nothing.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { organizations } from '~db/schema'
import { setDealerTerms } from '~/domain/sales/set-dealer-terms.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { useSocketListeners } from '../realtime/socket-listeners'

useTestDatabase({ seed: true })

const listen = useSocketListeners('dealer:termsChanged')
const orgId = async (code: string) => (await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, code)))[0].id

describe('dealer:termsChanged', () => {
  it('reaches the dealer’s users and staff after commit, and nobody else', async () => {
    const [dora, erin, approver, alice] = await Promise.all(['dora@north.test', 'erin@east.test', 'sales.manager@acme.test', 'alice@bright.test'].map(listen))
    const mgr = await actorFor('sales.manager@acme.test')
    const north = await orgId('DLR-NORTH')
    const terms = { priceTier: 'A', creditLimit: '600000', paymentTermsDays: 30, salesOwnerUserId: null, currency: 'CNY' }
    expect(await setDealerTerms(mgr, north, terms)).toEqual({ changed: true })
    await expect.poll(() => [dora.length, approver.length], { timeout: 3000 }).toEqual([1, 1])
    expect(dora).toEqual([{ dealerOrgId: north }])
    expect(approver).toEqual([{ dealerOrgId: north }])
    // Saving the same terms again changes nothing and says nothing; a refused save neither.
    expect(await setDealerTerms(mgr, north, { ...terms, creditLimit: '600000.00' })).toEqual({ changed: false })
    await expect(setDealerTerms(mgr, north, { ...terms, currency: 'XYZ' })).rejects.toMatchObject({ code: 'bad_input' })
    await new Promise((r) => setTimeout(r, 200))
    expect(dora).toHaveLength(1)
    expect(erin).toEqual([])
    expect(alice).toEqual([])
  })
})
