import { sql } from 'drizzle-orm'
import { db, rawRows } from '~db/client'
import { staffCan, type StaffActor } from '~/auth/roles'
import { listAuditRows } from '~/domain/audit/audit.queries.server'

export interface ConsoleOverview {
  counts: { suppliers: number; dealers: number; products: number; categories: number; warehouses: number; staff: number }
  /** People invited but not yet joined, across all organizations. */
  pendingInvitations: number
  inactivePartners: number
  recentActivity: Awaited<ReturnType<typeof listAuditRows>>['rows'] | null
}

/** The console's home: what exists, what waits for someone, and (for admins) what just happened. */
export async function consoleOverview(actor: StaffActor): Promise<ConsoleOverview> {
  const [row] = await rawRows<{
    suppliers: number
    dealers: number
    inactive_partners: number
    products: number
    categories: number
    warehouses: number
    staff: number
    pending: number
  }>(
    db(),
    sql`select
      (select count(*)::int from organizations where kind = 'supplier' and status = 'active') as suppliers,
      (select count(*)::int from organizations where kind = 'dealer' and status = 'active') as dealers,
      (select count(*)::int from organizations where kind <> 'host' and status = 'inactive') as inactive_partners,
      (select count(*)::int from products where active) as products,
      (select count(*)::int from categories) as categories,
      (select count(*)::int from warehouses) as warehouses,
      (select count(*)::int from users u join organizations o on o.id = u.org_id where o.kind = 'host' and u.status = 'active') as staff,
      (select count(*)::int from users where status = 'invited') as pending`,
  )
  const recentActivity = staffCan(actor, 'audit.view')
    ? (await listAuditRows(actor, {}, { page: 1, pageSize: 8, dir: 'desc' })).rows
    : null
  return {
    counts: {
      suppliers: row.suppliers,
      dealers: row.dealers,
      products: row.products,
      categories: row.categories,
      warehouses: row.warehouses,
      staff: row.staff,
    },
    pendingInvitations: row.pending,
    inactivePartners: row.inactive_partners,
    recentActivity,
  }
}
