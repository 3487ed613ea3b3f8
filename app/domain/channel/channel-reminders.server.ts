// The weekly reminder: on the host's Friday, every active dealer whose channel stock for the week
// is not in yet hears of it on its users' bells, once. The job may run twice (a retry, or two
// processes' clocks): the reminder of a week is written under a lock and only where none exists.
import { sql } from 'drizzle-orm'
import { rawRows } from '~db/client'
import { transact } from '~db/transaction'
import { notifyOrganizations } from '~/domain/notifications/notify.server'
import { businessWeekStartSql } from '~/domain/sales/sales.queries.server'

const CHANNEL_REMINDER_LOCK = 727_011
export const REPORT_DUE = 'channel.reportDue'

/** Reminds the dealers without this week's report (the host's calendar week); answers which week and how many. */
export async function remindChannelReports(): Promise<{ week: string; dealers: number }> {
  return transact(async (ctx) => {
    await ctx.tx.execute(sql`select pg_advisory_xact_lock(${CHANNEL_REMINDER_LOCK})`)
    const [{ week }] = await rawRows<{ week: string }>(
      ctx.tx,
      sql`select to_char(${businessWeekStartSql}, 'YYYY-MM-DD') as week`,
    )
    const due = await rawRows<{ id: string }>(
      ctx.tx,
      sql`select o.id from organizations o
          where o.kind = 'dealer' and o.status = 'active'
            and not exists (select 1 from channel_stock_reports r
                            where r.dealer_org_id = o.id and r.period_kind = 'week' and r.period_start = ${week}::date)
            and not exists (select 1 from notifications n join users u on u.id = n.user_id
                            where u.org_id = o.id and n.kind = ${REPORT_DUE} and n.params->>'week' = ${week})`,
    )
    await notifyOrganizations(
      ctx,
      due.map((d) => d.id),
      { kind: REPORT_DUE, params: { week }, link: '/dealer/channel-stock/new' },
    )
    return { week, dealers: due.length }
  })
}
