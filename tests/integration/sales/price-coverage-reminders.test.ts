// The daily reminder rings the pricing managers' bells when the lists of a tier and currency in use stop pricing its
// dealers within 14 days, and once more within 3: once each per ending, however often the job runs or how many run it.
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '~db/client'
import { notifications, priceLists, users } from '~db/schema'
import { COVERAGE_ENDING, COVERAGE_LINK, remindPriceCoverage } from '~/domain/sales/price-coverage-reminders.server'
import { businessDate } from '~/domain/sales/sales.queries.server'
import { jobHandlers, jobSchedules } from '~/jobs/registry.server'
import { useTestDatabase } from '../../support/db'

useTestDatabase({ seed: true })

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
/** As time passing (or a manager) leaves the list: the reminder reads the lists as they are. */
const endListOn = (code: string, validTo: string | null) => db().update(priceLists).set({ validTo }).where(eq(priceLists.code, code))

/** The coverage notices per e-mail, as "tier/currency through days". */
async function bells() {
  const rows = await db()
    .select({ email: users.email, params: notifications.params, link: notifications.link })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.kind, COVERAGE_ENDING))
  const out: Record<string, string[]> = {}
  for (const r of rows) {
    expect(r.link).toBe(COVERAGE_LINK)
    ;(out[r.email] ??= []).push(`${r.params.tier}/${r.params.currency} ${r.params.through} ${r.params.days}`)
  }
  for (const list of Object.values(out)) list.sort()
  return out
}

describe('price coverage reminders', () => {
  it('tell each pricing manager once at 14 days and once at 3, however often the job runs, and nobody else', async () => {
    const today = await businessDate()
    await endListOn('PL-A-2026', addDays(today, 10))
    // Two runs at once (two processes' clocks), then the job as pg-boss calls it.
    const runs = await Promise.all([remindPriceCoverage(), remindPriceCoverage()])
    expect(runs.map((r) => r.notices).sort()).toEqual([0, 2])
    await jobHandlers['pricing.coverageRemind']({})
    const first = `A/CNY ${addDays(today, 9)} 14`
    // Admins and sales managers set prices (pricing.manage); the sales owner, finance, buyers and dealers hear nothing.
    expect(await bells()).toEqual({ 'admin@acme.test': [first], 'sales.manager@acme.test': [first] })
    const [notice] = await db().select().from(notifications).where(eq(notifications.kind, COVERAGE_ENDING)).limit(1)
    expect(notice.params).toMatchObject({ tier: 'A', currency: 'CNY', count: 1 })

    // Three days left: once more.
    await endListOn('PL-A-2026', addDays(today, 3))
    await remindPriceCoverage()
    await remindPriceCoverage()
    const second = `A/CNY ${addDays(today, 2)} 3`
    expect(await bells()).toEqual({ 'admin@acme.test': [second, first].sort(), 'sales.manager@acme.test': [second, first].sort() })
  })

  it('tells a new ending anew, only the nearest threshold when it is already close, and nothing once coverage has ended', async () => {
    const today = await businessDate()
    const before = await bells()
    // Extended past 14 days: nothing to say.
    await endListOn('PL-A-2026', addDays(today, 20))
    expect(await remindPriceCoverage()).toEqual({ notices: 0 })
    // Cut to two days from now: the 3-day notice alone, not the 14-day one as well.
    await endListOn('PL-B-2026', addDays(today, 2))
    expect(await remindPriceCoverage()).toEqual({ notices: 2 })
    const b = `B/CNY ${addDays(today, 1)} 3`
    expect((await bells())['sales.manager@acme.test']).toEqual([...before['sales.manager@acme.test'], b].sort())
    // Already over: the pages and the home say so; the bells rang before it.
    await endListOn('PL-C-2026', today)
    expect(await remindPriceCoverage()).toEqual({ notices: 0 })
    // A manager deactivated is not told.
    await db().update(users).set({ status: 'inactive' }).where(eq(users.email, 'admin@acme.test'))
    await endListOn('PL-A-2026', addDays(today, 8))
    expect(await remindPriceCoverage()).toEqual({ notices: 1 })
    const [adminRow] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'admin@acme.test'))
    expect(await db().$count(notifications, and(eq(notifications.userId, adminRow.id), eq(notifications.kind, COVERAGE_ENDING)))).toBe(before['admin@acme.test'].length + 1)
    expect(jobSchedules['pricing.coverageRemind']).toBe('0 1 * * *')
  })
})
