import { redirect, type AppLoadContext } from '@remix-run/node'
import { recordDenied } from '~/audit/record.server'
import { refusal } from '~/utils/refusal.server'
import {
  staffCan,
  type Actor,
  type DealerActor,
  type StaffActor,
  type StaffPermission,
  type SupplierActor,
} from './roles'

interface GuardArgs {
  request: Request
  context: AppLoadContext
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url)
  const back = url.pathname + url.search
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
}

/** A refused request to a route, on record: the path and what it lacked (a surface, a permission, the action token). */
export async function recordRouteDenied(request: Request, who: { actor: Actor; ip?: string | null }, what: string): Promise<void> {
  const path = new URL(request.url).pathname.slice(0, 200)
  await recordDenied({ actor: who.actor, ip: who.ip }, { action: 'access.denied', entityType: 'route', entityId: `${path} (${what})` })
}

/**
 * Partner pages only the organization's admins open. Their 403 names that (a colleague who follows a
 * link to them is in their own portal, not in another part of Caixiao) instead of the generic text.
 */
export type AdminPage = 'colleagues' | 'apiKeys'

/**
 * A 403 page; the refused attempt is recorded in the audit log. `page`: the admin page refused to a
 * plain partner user, which the error page reads from the answer's JSON to say why.
 */
async function deny(args: GuardArgs, actor: Actor, what: string, page?: AdminPage): Promise<never> {
  await recordRouteDenied(args.request, { actor, ip: args.context.ip }, what)
  if (!page) throw refusal('forbidden', actor.locale)
  throw new Response(JSON.stringify({ adminOnly: page }), { status: 403, headers: { 'Content-Type': 'application/json; charset=utf-8' } })
}

export function requireActor(args: GuardArgs): Actor {
  const actor = args.context.actor
  // The HTTP layer gives an API key's actor to /api/v1/* only; should one ever reach a page, it is refused.
  if (actor?.apiKey) throw new Response('Unauthorized', { status: 401 })
  if (!actor) loginRedirect(args.request)
  return actor
}

export async function requireStaff(args: GuardArgs, permission?: StaffPermission): Promise<StaffActor> {
  const actor = requireActor(args)
  if (actor.kind !== 'staff') return deny(args, actor, 'console')
  if (permission && !staffCan(actor, permission)) return deny(args, actor, permission)
  return actor
}

/** `admin`: the organization's admins only; naming the page lets its 403 say so. */
export async function requireSupplier(args: GuardArgs, opts: { admin?: boolean | AdminPage } = {}): Promise<SupplierActor> {
  const actor = requireActor(args)
  if (actor.kind !== 'supplier') return deny(args, actor, 'supplier')
  if (opts.admin && !actor.roles.has('supplier_admin')) return deny(args, actor, 'supplier_admin', opts.admin === true ? undefined : opts.admin)
  return actor
}

export async function requireDealer(args: GuardArgs, opts: { admin?: boolean | AdminPage } = {}): Promise<DealerActor> {
  const actor = requireActor(args)
  if (actor.kind !== 'dealer') return deny(args, actor, 'dealer')
  if (opts.admin && !actor.roles.has('dealer_admin')) return deny(args, actor, 'dealer_admin', opts.admin === true ? undefined : opts.admin)
  return actor
}
