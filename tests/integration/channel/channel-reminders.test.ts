// The weekly channel-stock reminder rings the bells of the users of each active dealer whose report
// for the week is missing — once a week, however often the job runs — and of no one else.
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db, rawRows } from '~db/client'
import { channelStockLines, channelStockReports, notifications, organizations, products, users } from '~db/schema'
import type { DealerActor } from '~/auth/roles'
import { remindChannelReports, REPORT_DUE } from '~/domain/channel/channel-reminders.server'
import { submitChannelReport } from '~/domain/channel/submit-channel-report.server'
import { businessWeekStartSql } from '~/domain/sales/sales.queries.server'
import { jobHandlers, jobSchedules } from '~/jobs/registry.server'
import { actorFor } from '../../support/actors'
import { testDbKind, useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

const thisWeek = async () =>
  (await rawRows<{ w: string }>(db(), sql`select to_char(${businessWeekStartSql}, 'YYYY-MM-DD') as w`))[0].w

async function withoutWeekReport(orgCode: string, week: string) {
  const [org] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.code, orgCode))
  const reports = await db()
    .select({ id: channelStockReports.id })
    .from(channelStockReports)
    .where(and(eq(channelStockReports.dealerOrgId, org.id), eq(channelStockReports.periodKind, 'week'), sql`${channelStockReports.periodStart} = ${week}::date`))
  for (const r of reports) {
    await db().delete(channelStockLines).where(eq(channelStockLines.reportId, r.id))
    await db().delete(channelStockReports).where(eq(channelStockReports.id, r.id))
  }
  return org.id
}

/** Reminder bells per user e-mail for the week. */
async function reminded(week: string) {
  const rows = await db()
    .select({ email: users.email, link: notifications.link })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.kind, REPORT_DUE), sql`${notifications.params}->>'week' = ${week}`))
  const byEmail = new Map<string, number>()
  for (const r of rows) {
    expect(r.link).toBe('/dealer/channel-stock/new')
    byEmail.set(r.email, (byEmail.get(r.email) ?? 0) + 1)
  }
  return byEmail
}

describe('weekly channel-stock reminder', () => {
  it('reminds the users of dealers without the week’s report, once, even when runs overlap', async () => {
    const week = await thisWeek()
    await withoutWeekReport('DLR-SOUTH', week)
    await withoutWeekReport('DLR-NORTH', week)
    const dave = (await actorFor('dave@north.test')) as DealerActor
    const [product] = await db().select({ id: products.id }).from(products).where(eq(products.sku, 'EL-1001'))
    await submitChannelReport(dave, { kind: 'week', period: week, lines: [{ productId: product.id, onHand: '5', sold: '1' }] })

    const runs = await Promise.all([remindChannelReports(), remindChannelReports()])
    expect(runs.map((r) => r.week)).toEqual([week, week])
    const bells = await reminded(week)
    // Frank's dealer has no report: both its users hear it, once each.
    expect(bells.get('frank@south.test')).toBe(1)
    expect(bells.get('fiona@south.test')).toBe(1)
    // Dave's dealer reported; suppliers and staff are never reminded.
    for (const email of ['dave@north.test', 'dora@north.test', 'alice@bright.test', 'sales@acme.test', 'admin@acme.test']) expect(bells.has(email)).toBe(false)

    // Another run in the same week adds nothing.
    await jobHandlers['channel.remind']({})
    expect(await reminded(week)).toEqual(bells)
  })

  it('skips a deactivated dealer and runs on the Friday clock', async () => {
    const week = await thisWeek()
    const eastId = await withoutWeekReport('DLR-EAST', week)
    await db().update(organizations).set({ status: 'inactive' }).where(eq(organizations.id, eastId))
    await remindChannelReports()
    const bells = await reminded(week)
    expect(bells.has('erin@east.test')).toBe(false)
    expect(bells.has('eric@east.test')).toBe(false)
    expect(jobSchedules['channel.remind']).toBe('0 9 * * 5')
  })

  // Two runs side by side rarely overlap by chance. Here a blocker holds the notifications table
  // against inserts until both runs wait: without the advisory lock both would have read the same
  // dealers as due and then written a bell each; with it the second reads after the first commits.
  it.skipIf(testDbKind !== 'postgres')('two runs forced to overlap still ring each bell once', async () => {
    const week = await thisWeek()
    await withoutWeekReport('DLR-SOUTH', week)
    await db().delete(notifications).where(and(eq(notifications.kind, REPORT_DUE), sql`${notifications.params}->>'week' = ${week}`))
    const waiting = async () =>
      (await rawRows<{ n: number }>(db(), sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n
    let runs: Promise<unknown>[] = []
    await db().transaction(async (tx) => {
      await tx.execute(sql`lock table notifications in share mode`)
      runs = [remindChannelReports(), remindChannelReports()]
      await expect.poll(waiting, { timeout: 10_000, interval: 50 }).toBe(2)
    })
    await Promise.all(runs)
    const bells = await reminded(week)
    expect(bells.get('frank@south.test')).toBe(1)
    expect(bells.get('fiona@south.test')).toBe(1)
  })
})
