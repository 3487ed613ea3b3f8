// Every file that leaves, on every surface, is on record: one audit row per download, naming who,
// what and with which filter; blank import templates and refused or unknown downloads write none.
// Opening a stored mail's text (it can hold a reset link) is recorded the same way.
import { and, desc, eq, gt } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { auditLog, mailMessages, priceLists } from '~db/schema'
import type { Actor, DealerActor, StaffActor } from '~/auth/roles'
import { getOrderForDealer, getOrderForStaff } from '~/domain/orders/orders.queries.server'
import { loader as categoriesExport } from '~/routes/console.categories.export'
import { loader as channelExport } from '~/routes/console.channel-stock.export'
import { loader as mailList } from '~/routes/console.mail._index'
import { loader as mailView } from '~/routes/console.mail.$id'
import { loader as consoleOrderPdf } from '~/routes/console.orders.$id_.pdf'
import { loader as priceListExport } from '~/routes/console.price-lists.$id_.export'
import { loader as productsExport } from '~/routes/console.products.export'
import { loader as productsPdf } from '~/routes/console.products[.]pdf'
import { loader as warehousesExport } from '~/routes/console.warehouses.export'
import { loader as channelTemplate } from '../../../portal-customer/routes/channel-stock.template'
import { loader as dealerOrderPdf } from '../../../portal-customer/routes/orders.$id.pdf'
import { actorFor, contextFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { order as placeOrder } from '../orders/helpers'

useTestDatabase({ seed: true })

let admin: Actor
let dealer: Actor

beforeAll(async () => {
  admin = await actorFor('admin@acme.test')
  dealer = await actorFor('dave@north.test')
})

function args(path: string, actor: Actor, params: Record<string, string> = {}) {
  return { request: new Request(`http://localhost${path}`), params, context: contextFor(actor) as any }
}

async function lastId(): Promise<number> {
  const [row] = await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1)
  return row?.id ?? 0
}

/** The audit rows written after `since`. */
const rowsSince = (since: number) => db().select().from(auditLog).where(gt(auditLog.id, since)).orderBy(auditLog.id)

interface DownloadCase {
  run: () => Promise<unknown>
  actor: Actor
  action: string
  entityType: string
  entityId: string | null
  /** What the row's `after` holds at least (the format, the filter as given). */
  after: Record<string, unknown>
}

/** Runs one download: a file answered as an attachment, and exactly one audit row naming it and its reader. */
async function expectOneDownloadRow(c: DownloadCase) {
  const since = await lastId()
  const res = (await c.run()) as Response
  expect(res.status, c.action).toBe(200)
  expect(res.headers.get('Content-Disposition'), c.action).toMatch(/^attachment/)
  const rows = await rowsSince(since)
  expect(rows, c.action).toHaveLength(1)
  expect(rows[0], c.action).toMatchObject({ action: c.action, entityType: c.entityType, entityId: c.entityId, actorUserId: c.actor.userId, actorOrgId: c.actor.orgId, outcome: 'ok', ip: '127.0.0.1' })
  expect(rows[0].after, c.action).toMatchObject(c.after)
}

async function statusOf(run: Promise<unknown>): Promise<number> {
  try {
    const res = await run
    return res instanceof Response ? res.status : 200
  } catch (err) {
    if (err instanceof Response) return err.status
    throw err
  }
}

describe('console downloads', () => {
  it('record one row each, with the format and the filter, before the file is sent', async () => {
    const [list] = await db().select({ id: priceLists.id }).from(priceLists).limit(1)
    const cases: Array<Omit<DownloadCase, 'actor'>> = [
      { run: () => productsExport(args('/console/products/export?format=csv&q=valve', admin)), action: 'products.exported', entityType: 'product', entityId: null, after: { format: 'csv' } },
      { run: () => productsPdf(args('/console/products.pdf?q=valve', admin)), action: 'products.exported', entityType: 'product', entityId: null, after: { format: 'pdf' } },
      { run: () => categoriesExport(args('/console/categories/export?format=xlsx&q=pu', admin)), action: 'categories.exported', entityType: 'category', entityId: null, after: { format: 'xlsx', q: 'pu' } },
      { run: () => warehousesExport(args('/console/warehouses/export', admin)), action: 'warehouses.exported', entityType: 'warehouse', entityId: null, after: { format: 'xlsx' } },
      { run: () => priceListExport(args(`/console/price-lists/${list.id}/export?format=csv`, admin, { id: list.id })), action: 'price_list.exported', entityType: 'price_list', entityId: list.id, after: { format: 'csv' } },
      { run: () => channelExport(args('/console/channel-stock/export?sort=sku&dir=asc', admin)), action: 'channel_stock.exported', entityType: 'channel_stock_report', entityId: null, after: { format: 'xlsx', sort: 'sku', dir: 'asc' } },
    ]
    for (const c of cases) await expectOneDownloadRow({ ...c, actor: admin })
    // The product search travels with the record (the list's filter as parsed).
    const [products] = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'products.exported'))
      .orderBy(auditLog.id)
      .limit(1)
    expect(JSON.stringify(products.after)).toContain('valve')
  })

  it('record nothing for blank import templates, unknown lists and refused callers', async () => {
    const since = await lastId()
    for (const path of ['/console/products/export?template=1', '/console/categories/export?template=1&format=csv', '/console/warehouses/export?template=1']) {
      const loader = path.includes('products') ? productsExport : path.includes('categories') ? categoriesExport : warehousesExport
      expect(await statusOf(loader(args(path, admin))), path).toBe(200)
    }
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect(await statusOf(priceListExport(args(`/console/price-lists/${unknown}/export`, admin, { id: unknown })))).toBe(404)
    const exported = (await rowsSince(since)).filter((r) => r.action.endsWith('.exported'))
    expect(exported).toEqual([])
    // A dealer never reaches a console export; the refusal is recorded as denied, never as a download.
    expect(await statusOf(productsExport(args('/console/products/export', dealer)))).toBe(403)
    expect((await rowsSince(since)).filter((r) => r.outcome === 'ok' && r.action.endsWith('.exported'))).toEqual([])
  })
})

describe('order and portal downloads', () => {
  it('record the order confirmation PDF for staff and for the ordering dealer, and the dealer’s filled template', async () => {
    const { order } = await placeOrder(dealer, 'SH-MAIN', [['EL-1001', '2']])
    const cases: DownloadCase[] = [
      { run: () => consoleOrderPdf(args(`/console/orders/${order.id}/pdf`, admin, { id: order.id })), actor: admin, action: 'sales_order.exported', entityType: 'sales_order', entityId: order.id, after: { format: 'pdf' } },
      { run: () => dealerOrderPdf(args(`/dealer/orders/${order.id}/pdf`, dealer, { id: order.id })), actor: dealer, action: 'sales_order.exported', entityType: 'sales_order', entityId: order.id, after: { format: 'pdf' } },
      { run: () => channelTemplate(args('/dealer/channel-stock/template?format=csv', dealer)), actor: dealer, action: 'channel_stock.template.exported', entityType: 'channel_stock_report', entityId: null, after: { format: 'csv' } },
    ]
    for (const c of cases) await expectOneDownloadRow(c)
    // A download is on the order's audit trail but is no step of its history, on either surface.
    const detail = await getOrderForDealer(dealer as DealerActor, order.id)
    expect(detail!.timeline.map((e) => e.action)).not.toContain('sales_order.exported')
    const staffDetail = await getOrderForStaff(admin as StaffActor, order.id)
    expect(staffDetail!.audit.map((e) => e.action)).toContain('sales_order.exported')
    expect(staffDetail!.timeline.map((e) => e.action)).not.toContain('sales_order.exported')
  })

  it('record no download for another dealer’s order or an unknown one; the dealer’s attempt is on record as denied', async () => {
    const { order: other } = await placeOrder(await actorFor('erin@east.test'), 'SH-MAIN', [['EL-1001', '1']])
    const unknown = '00000000-0000-4000-8000-000000000000'
    const since = await lastId()
    expect(await statusOf(dealerOrderPdf(args(`/dealer/orders/${other.id}/pdf`, dealer, { id: other.id })))).toBe(404)
    expect(await statusOf(consoleOrderPdf(args(`/console/orders/${unknown}/pdf`, admin, { id: unknown })))).toBe(404)
    const rows = await rowsSince(since)
    expect(rows.filter((r) => r.outcome === 'ok')).toEqual([])
    // Staff see every order: an unknown one is no attempt on anyone's.
    expect(rows.map((r) => ({ action: r.action, outcome: r.outcome, entityId: r.entityId, actorUserId: r.actorUserId }))).toEqual([
      { action: 'sales_order.exported', outcome: 'denied', entityId: other.id, actorUserId: dealer.userId },
    ])
  })
})

describe('the console’s mail viewer', () => {
  it('records opening one mail’s text, not the list, nor a refused or unknown mail', async () => {
    const [mail] = await db()
      .insert(mailMessages)
      .values({ to: 'someone@example.test', subject: 'Reset', text: 'open http://localhost/reset-password/tokenabcdefghijklmnopqrstuvwxyz0123' })
      .returning({ id: mailMessages.id })
    const since = await lastId()
    await mailList(args('/console/mail', admin))
    await mailList(args('/console/mail?q=Reset', admin))
    expect(await rowsSince(since)).toEqual([])

    const { mail: shown } = await mailView(args(`/console/mail/${mail.id}`, admin, { id: mail.id }))
    expect(shown.text).toContain('/reset-password/')
    const rows = await rowsSince(since)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'mail.viewed', entityType: 'mail', entityId: mail.id, actorUserId: admin.userId, outcome: 'ok', ip: '127.0.0.1' })

    const unknown = '00000000-0000-4000-8000-000000000000'
    const before = await lastId()
    expect(await statusOf(mailView(args(`/console/mail/${unknown}`, admin, { id: unknown })))).toBe(404)
    expect(await statusOf(mailView(args(`/console/mail/${mail.id}`, dealer, { id: mail.id })))).toBe(403)
    expect(await db().select().from(auditLog).where(and(gt(auditLog.id, before), eq(auditLog.action, 'mail.viewed')))).toEqual([])
  })
})
