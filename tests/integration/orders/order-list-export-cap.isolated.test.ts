// Past its cap the order list's export gives no file: a direct call is a 422 in the reader's language and no download on
// record, and the list's page says so in place of the export menu. The cap is lowered here by a mocked constant.
import { desc, gt } from 'drizzle-orm'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '~db/client'
import { auditLog } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { renderRoute, textsByTestId } from '../../support/render-route'
import { routeArgs } from '../catalog/helpers'
import { order } from './helpers'

const cap = vi.hoisted(() => ({ value: 20_000 }))
vi.mock('~/domain/orders/order-list.validation', async (importOriginal) => {
  const actual = await importOriginal<typeof import('~/domain/orders/order-list.validation')>()
  return {
    ...actual,
    get ORDER_EXPORT_CAP() {
      return cap.value
    },
  }
})

useTestDatabase({ seed: true })

beforeEach(() => {
  cap.value = 20_000
})

const as = async (email: string, locale: 'en' | 'zh-CN') => ({ ...(await actorFor(email)), locale }) as Actor

async function exportOf(who: Actor, query: string): Promise<Response> {
  const mod = who.kind === 'dealer' ? await import('../../../portal-customer/routes/orders.export') : await import('~/routes/console.orders.export')
  const path = who.kind === 'dealer' ? '/dealer/orders/export' : '/console/orders/export'
  return (mod.loader(routeArgs(who, `${path}${query}`)) as Promise<Response>).catch((e: unknown) => {
    if (e instanceof Response) return e
    throw e
  })
}

const lastAuditId = async () => (await db().select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]?.id ?? 0

describe('an order list longer than one export holds', () => {
  it('answers a 422 in words and records no download', async () => {
    const dave = await as('dave@north.test', 'zh-CN')
    await order(dave, 'SH-MAIN', [['EL-1001', '1']])
    await order(dave, 'SH-MAIN', [['EL-1001', '1']])
    cap.value = 1
    const since = await lastAuditId()
    const en = await exportOf(await as('admin@acme.test', 'en'), '?format=csv')
    expect(en.status).toBe(422)
    expect(en.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    expect(await en.text()).toBe('More than 1 orders match: too many for one export. Narrow the list (for example by date or status) and export again.')
    const zh = await exportOf(dave, '')
    expect(zh.status).toBe(422)
    expect(await zh.text()).toBe('符合条件的订单超过 1 个，无法一次导出。请缩小列表范围（例如按日期或状态筛选）后再导出。')
    expect((await db().select().from(auditLog).where(gt(auditLog.id, since))).filter((r) => r.action === 'sales_orders.exported')).toEqual([])
    // At the cap exactly, the file is given; one order past it, not.
    const list = await import('../../../portal-customer/routes/orders')
    const { total } = await list.loader(routeArgs(dave, '/dealer/orders'))
    cap.value = total
    expect((await exportOf(dave, '?format=csv')).status).toBe(200)
    cap.value = total - 1
    expect((await exportOf(dave, '?format=csv')).status).toBe(422)
  })

  it('is not offered on the list pages, which say why', async () => {
    const dave = await as('dave@north.test', 'zh-CN')
    await order(dave, 'SH-MAIN', [['EL-1001', '1']])
    const mod = await import('../../../portal-customer/routes/orders')
    const load = async () => mod.loader(routeArgs(dave, '/dealer/orders'))
    const offered = await renderRoute(mod.default, await load(), 'zh-CN', '/dealer/orders')
    expect(offered).toContain('data-testid="export-menu"')
    expect(textsByTestId(offered, 'export-too-many')).toEqual([])
    cap.value = 0
    const html = await renderRoute(mod.default, await load(), 'zh-CN', '/dealer/orders')
    expect(html).not.toContain('data-testid="export-menu"')
    expect(textsByTestId(html, 'export-too-many')).toEqual(['符合条件的订单超过一次导出的上限（0 个）：请先缩小列表范围（例如按日期或状态筛选）再导出。'])
    const staff = await import('~/routes/console.orders._index')
    const admin = await as('admin@acme.test', 'en')
    const page = await renderRoute(staff.default, await staff.loader(routeArgs(admin, '/console/orders')), 'en', '/console/orders')
    expect(page).not.toContain('data-testid="export-menu"')
    expect(textsByTestId(page, 'export-too-many')).toHaveLength(1)
  })
})
