// The pricing managers' bells, when the lists of a tier and currency that dealers order in stop pricing them soon:
// once when 14 days are left and once more at 3. The job runs daily and may run twice (a retry, two processes' clocks),
// so each notice is written under a lock and only for the managers who do not have it yet.
import { and, arrayOverlaps, eq, sql } from 'drizzle-orm'
import { notifications, organizations, users } from '~db/schema'
import { transact } from '~db/transaction'
import { rolesWithPermission } from '~/auth/roles'
import { notifyUsers } from '~/domain/notifications/notify.server'
import { readPriceCoverage } from './price-coverage.server'

const PRICE_COVERAGE_REMINDER_LOCK = 727_013
export const COVERAGE_ENDING = 'pricing.coverageEnding'
/** Days before the coverage ends that ring the bells, the earlier first. */
export const COVERAGE_REMINDER_DAYS = [14, 3] as const
export const COVERAGE_LINK = '/console/price-lists?coverage=ending'

/**
 * One notice per (tier, currency, last covered day, threshold) and manager: the last covered day is in the key, so a
 * list extended and later ending again warns anew, while the same ending is told once at 14 days and once at 3. Only the
 * nearest threshold is sent (a list cut to end in two days warns once, at 3). Coverage already over rings nothing: the
 * bells rang before it, and the pages and the home show it. Answers how many notices were written.
 */
export async function remindPriceCoverage(): Promise<{ notices: number }> {
  return transact(async (ctx) => {
    await ctx.tx.execute(sql`select pg_advisory_xact_lock(${PRICE_COVERAGE_REMINDER_LOCK})`)
    const soon = (await readPriceCoverage(ctx.tx)).filter((c) => c.daysLeft !== null && c.daysLeft > 0 && c.daysLeft <= COVERAGE_REMINDER_DAYS[0])
    let notices = 0
    for (const c of soon) {
      const days = Math.min(...COVERAGE_REMINDER_DAYS.filter((d) => c.daysLeft! <= d))
      const through = c.coveredThrough!
      const told = sql`exists (select 1 from ${notifications} n where n.user_id = ${users.id} and n.kind = ${COVERAGE_ENDING}
        and n.params->>'tier' = ${c.tier} and n.params->>'currency' = ${c.currency} and n.params->>'through' = ${through} and n.params->>'days' = ${String(days)})`
      const to = await ctx.tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(and(eq(organizations.kind, 'host'), eq(users.status, 'active'), arrayOverlaps(users.roles, [...rolesWithPermission('pricing.manage')]), sql`not ${told}`))
      await notifyUsers(
        ctx,
        to.map((u) => u.id),
        { kind: COVERAGE_ENDING, params: { tier: c.tier, currency: c.currency, count: c.dealers, through, days }, link: COVERAGE_LINK },
      )
      notices += to.length
    }
    return { notices }
  })
}
