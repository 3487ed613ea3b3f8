// A price list's edit reaches, after commit, staff and the dealers whose tier the list prices, with
// ids alone: their carts price again and their catalogs refetch. Never a price, never a dealer of
// another tier, never a supplier; an unchanged price, a refused edit or a rename says nothing to dealers.
// A product's tax rate or withdrawal reaches every dealer.
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { priceLists, products } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { importPriceListItems } from '~/domain/sales/price-list-spreadsheet.server'
import { updatePriceList } from '~/domain/sales/save-price-list.server'
import { setProductActive } from '~/domain/catalog/set-product-active.server'
import { updateProduct } from '~/domain/catalog/update-product.server'
import { removePriceListItem, setPriceListItem } from '~/domain/sales/set-price-list-item.server'
import { emitToUser } from '~/realtime/publisher.server'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { useTempDataDir } from '../catalog/helpers'
import { useSocketListeners } from '../realtime/socket-listeners'

useTestDatabase({ seed: true })
useTempDataDir()

const listenTo = useSocketListeners('prices:changed')
const userOf = new Map<unknown[], string>()
const listen = async (email: string) => {
  const heard = await listenTo(email)
  userOf.set(heard, (await actorFor(email)).userId)
  return heard
}
/**
 * Returns once each socket has heard a marker sent after everything before it (one connection delivers in order), and
 * drops the marker: what a socket has not heard by then it was never sent.
 */
async function settle(...lists: unknown[][]) {
  const mark = `sentinel-${randomUUID()}`
  const isMark = (p: unknown) => (p as { productIds: string[] | null }).productIds?.[0] === mark
  for (const l of lists) emitToUser(userOf.get(l)!, 'prices:changed', { productIds: [mark] })
  await expect.poll(() => lists.every((l) => l.some(isMark)), { timeout: 3000 }).toBe(true)
  for (const l of lists) l.splice(l.findIndex(isMark), 1)
}
const productOf = async (sku: string) => (await db().select({ id: products.id }).from(products).where(eq(products.sku, sku)))[0].id
const listOf = async (code: string) => (await db().select().from(priceLists).where(eq(priceLists.code, code)))[0]

let mgr: Actor
beforeAll(async () => {
  mgr = await actorFor('sales.manager@acme.test')
})

describe('prices:changed', () => {
  it("reaches staff and the list's own dealers with ids alone, never another tier's dealer or a supplier", async () => {
    // dora: North, tier A; erin: East, tier B; fiona: South, tier C; alice: a supplier.
    const [dora, erin, fiona, staff, alice] = await Promise.all(['dora@north.test', 'erin@east.test', 'fiona@south.test', 'sales@acme.test', 'alice@bright.test'].map(listen))
    const listA = await listOf('PL-A-2026')
    const as4005 = await productOf('AS-4005')

    const { id: itemId } = await setPriceListItem(mgr, listA.id, { sku: 'AS-4005', minQty: '1', unitPrice: '999' })
    await expect.poll(() => [dora.length, staff.length], { timeout: 3000 }).toEqual([1, 1])
    expect(dora).toEqual([{ productIds: [as4005] }])
    // Staff pages refresh the list they show by its id; a dealer is told of products alone.
    expect(staff).toEqual([{ priceListId: listA.id, productIds: [as4005] }])
    // No figure of any kind travels: the loaders price for each viewer.
    expect(JSON.stringify(dora)).not.toMatch(/999/)

    // The same price again changes nothing and says nothing; a refused edit neither.
    await setPriceListItem(mgr, listA.id, { sku: 'as-4005', minQty: '1.0', unitPrice: '999.00' })
    await expect(setPriceListItem(mgr, listA.id, { sku: 'NOPE-1', minQty: '1', unitPrice: '1' })).rejects.toMatchObject({ code: 'bad_input' })
    await settle(dora)
    expect(dora).toHaveLength(1)

    // A new break is a change of what a large order pays; removing it, too.
    const { id: breakId } = await setPriceListItem(mgr, listA.id, { sku: 'AS-4005', minQty: '50', unitPrice: '900' })
    expect(breakId).not.toBe(itemId)
    await removePriceListItem(mgr, listA.id, breakId)
    await expect.poll(() => dora.length, { timeout: 3000 }).toBe(3)
    expect(dora.slice(1)).toEqual([
      { productIds: [as4005] },
      { productIds: [as4005] },
    ])

    // An import tells of the products whose prices it changed, not of the rows it merely repeated.
    const el1002 = await productOf('EL-1002')
    const sheet = [['sku', 'min_qty', 'unit_price'], ['EL-1002', '1', '0.5'], ['AS-4005', '1', '999']]
    expect(await importPriceListItems(mgr, listA.id, { name: 'p.csv', bytes: new TextEncoder().encode(sheet.map((r) => r.join(',')).join('\n')) })).toMatchObject({ ok: true, updated: 1, unchanged: 1 })
    await expect.poll(() => dora.length, { timeout: 3000 }).toBe(4)
    expect(dora[3]).toEqual({ productIds: [el1002] })

    await settle(erin, fiona, alice)
    expect(erin).toEqual([])
    expect(fiona).toEqual([])
    expect(alice).toEqual([])
  })

  it('a list moved to another tier or other dates tells the dealers of both tiers, for the whole list; a rename tells only staff', async () => {
    const [dora, erin, fiona, staff, alice] = await Promise.all(['dora@north.test', 'erin@east.test', 'fiona@south.test', 'sales.manager@acme.test', 'carol@ningbo.test'].map(listen))
    // A second tier-C list, so tier C keeps a list when this one moves.
    const listC = await listOf('PL-C-2026')
    const { id: _i, createdAt: _c, updatedAt: _u, ...input } = listC
    const [extra] = await db()
      .insert(priceLists)
      .values({ ...input, code: 'PL-C-EXTRA', nameEn: 'Extra C', nameZh: '额外 C' })
      .returning()
    const { id: _e, createdAt: _ec, updatedAt: _eu, ...extraInput } = extra

    expect(await updatePriceList(mgr, extra.id, { ...extraInput, nameEn: 'Extra C, renamed' })).toEqual({ changed: true })
    await expect.poll(() => staff.length, { timeout: 3000 }).toBe(1)
    expect(staff).toEqual([{ priceListId: extra.id, productIds: null }])

    expect(await updatePriceList(mgr, extra.id, { ...extraInput, nameEn: 'Extra C, renamed', tier: 'B' })).toEqual({ changed: true })
    await expect.poll(() => [staff.length, erin.length, fiona.length], { timeout: 3000 }).toEqual([2, 1, 1])
    expect(erin).toEqual([{ productIds: null }])
    expect(fiona).toEqual(erin)

    // Saved as it is: nothing changed, nothing said.
    expect(await updatePriceList(mgr, extra.id, { ...extraInput, nameEn: 'Extra C, renamed', tier: 'B' })).toEqual({ changed: false })
    await settle(staff, erin, fiona, dora, alice)
    expect([staff.length, erin.length, fiona.length]).toEqual([2, 1, 1])
    expect(dora).toEqual([])
    expect(alice).toEqual([])
  })

  it('a product’s tax rate or withdrawal tells every dealer of that product (what its cart charges moved, whatever the list); a rename tells no one', async () => {
    const [dora, erin, fiona, alice] = await Promise.all(['dora@north.test', 'erin@east.test', 'fiona@south.test', 'alice@bright.test'].map(listen))
    const admin = await actorFor('admin@acme.test')
    const [p] = await db().select().from(products).where(eq(products.sku, 'MT-2003'))
    const input = { sku: p.sku, nameEn: p.nameEn, nameZh: p.nameZh, categoryId: p.categoryId, unit: p.unit, taxRate: p.taxRate, tracking: p.tracking, wholeUnits: p.wholeUnits }

    expect(await updateProduct(admin, p.id, { ...input, nameEn: `${p.nameEn} (new name)` })).toMatchObject({ changed: true })
    await settle(dora, erin, fiona, alice)
    expect([dora, erin, fiona, alice]).toEqual([[], [], [], []])

    expect(await updateProduct(admin, p.id, { ...input, taxRate: '0.0900' })).toMatchObject({ changed: true })
    await expect.poll(() => [dora.length, erin.length, fiona.length], { timeout: 3000 }).toEqual([1, 1, 1])
    expect(dora).toEqual([{ productIds: [p.id] }])
    expect(erin).toEqual(dora)

    expect(await setProductActive(admin, p.id, false)).toEqual({ changed: true })
    await expect.poll(() => [dora.length, erin.length, fiona.length], { timeout: 3000 }).toEqual([2, 2, 2])
    expect(fiona[1]).toEqual({ productIds: [p.id] })
    await setProductActive(admin, p.id, true)
    await settle(alice)
    expect(alice).toEqual([])
  })
})
