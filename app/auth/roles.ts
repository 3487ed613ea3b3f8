// Client-safe: which roles exist, which surface each kind of organization uses, who may do what.
import { scopesAllowStaffPermission, type ApiScope } from './api-keys.rules'

export const staffRoles = ['admin', 'buyer', 'buyer_manager', 'sales', 'sales_manager', 'warehouse', 'finance'] as const
export const supplierRoles = ['supplier_admin', 'supplier_user'] as const
export const dealerRoles = ['dealer_admin', 'dealer_user'] as const

export type StaffRole = (typeof staffRoles)[number]
export type SupplierRole = (typeof supplierRoles)[number]
export type DealerRole = (typeof dealerRoles)[number]
export type Role = StaffRole | SupplierRole | DealerRole

export type OrgKind = 'host' | 'supplier' | 'dealer'
export type Surface = 'console' | 'supplier' | 'dealer'

export const surfaceOfOrg: Record<OrgKind, Surface> = { host: 'console', supplier: 'supplier', dealer: 'dealer' }
export const homeOfSurface: Record<Surface, string> = { console: '/console', supplier: '/supplier', dealer: '/dealer' }
export const rolesOfOrg: Record<OrgKind, readonly Role[]> = { host: staffRoles, supplier: supplierRoles, dealer: dealerRoles }

interface ActorBase {
  userId: string
  orgId: string
  /** The organization's names, as the shells show them (read with the session, no query of its own). */
  org: { nameEn: string; nameZh: string }
  sessionId: string
  email: string
  name: string
  locale: 'zh-CN' | 'en'
  timeZone: string
  /**
   * Set when the request came with an API key: the key acts as its creator, narrowed to its scopes.
   * `sessionId` is then `apikey:<id>` (the key's socket room), not a session.
   */
  apiKey?: { id: string; scopes: ReadonlySet<ApiScope> }
}
export type StaffActor = ActorBase & { kind: 'staff'; roles: ReadonlySet<StaffRole> }
export type SupplierActor = ActorBase & { kind: 'supplier'; roles: ReadonlySet<SupplierRole> }
export type DealerActor = ActorBase & { kind: 'dealer'; roles: ReadonlySet<DealerRole> }
export type Actor = StaffActor | SupplierActor | DealerActor
export type PartnerActor = SupplierActor | DealerActor

export const surfaceOfActor = (a: Pick<Actor, 'kind'>): Surface =>
  a.kind === 'staff' ? 'console' : a.kind

/** Surface a path belongs to, or null for shared pages (sign-in, health, notifications...). */
export function surfaceOfPath(pathname: string): Surface | null {
  if (pathname === '/console' || pathname.startsWith('/console/')) return 'console'
  if (pathname === '/supplier' || pathname.startsWith('/supplier/')) return 'supplier'
  if (pathname === '/dealer' || pathname.startsWith('/dealer/')) return 'dealer'
  return null
}

/**
 * A path on this site: not protocol-relative (`//x`), no backslash, which browsers read as `/`, and no
 * control character, which browsers drop from a URL (`/<tab>/evil.example` is `//evil.example`).
 */
export function isLocalPath(target: string | null | undefined): target is string {
  return Boolean(target && target.startsWith('/') && !target.startsWith('//') && !/[\u0000-\u001f\u007f\\]/.test(target))
}

/** A sign-in may go back to where the user was only if that page is on their own surface. */
export function safeRedirectTarget(target: string | null | undefined, actor: Pick<Actor, 'kind'>): string {
  const home = homeOfSurface[surfaceOfActor(actor)]
  if (!isLocalPath(target)) return home
  return surfaceOfPath(target) === surfaceOfActor(actor) ? target : home
}

// Permissions: a closed list; each maps to the roles that hold it.
const staffPermissions = {
  'users.manage': ['admin'],
  'partners.manage': ['admin', 'buyer_manager', 'sales_manager'],
  'partners.view': ['admin', 'buyer', 'buyer_manager', 'sales', 'sales_manager', 'finance', 'warehouse'],
  'catalog.manage': ['admin', 'buyer_manager', 'warehouse'],
  'catalog.view': ['admin', 'buyer', 'buyer_manager', 'sales', 'sales_manager', 'warehouse', 'finance'],
  'inventory.view': ['admin', 'buyer', 'buyer_manager', 'sales', 'sales_manager', 'warehouse', 'finance'],
  'inventory.manage': ['admin', 'warehouse'],
  /** Approve or reject a cycle count beyond tolerance: someone outside the warehouse that counted (never the counter; see approveCount). */
  'inventory.approveCounts': ['admin', 'finance'],
  'pricing.view': ['admin', 'sales', 'sales_manager', 'finance'],
  'pricing.manage': ['admin', 'sales_manager'],
  'auctions.run': ['admin', 'buyer', 'buyer_manager'],
  /** Confirm or decline a colleague's award that is not to rank 1 (the second person; auction rules D15). */
  'auctions.confirmAward': ['admin', 'buyer_manager'],
  'orders.view': ['admin', 'sales', 'sales_manager', 'warehouse', 'finance'],
  /** Approve or reject an order held over credit; cancel an order. */
  'orders.approve': ['admin', 'sales_manager'],
  /** Reserve again, pick, ship, mark delivered. */
  'orders.fulfil': ['admin', 'warehouse'],
  /** Record a dealer's payment against an order. */
  'orders.payments': ['admin', 'finance'],
  'requisitions.view': ['admin', 'buyer', 'buyer_manager', 'sales_manager', 'warehouse'],
  /** Buy what a requisition asks for; these users hear of each requisition raised for them. */
  'requisitions.source': ['admin', 'buyer', 'buyer_manager'],
  'channel.view': ['admin', 'sales', 'sales_manager', 'finance'],
  'audit.view': ['admin'],
  'mail.view': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>

export type StaffPermission = keyof typeof staffPermissions

/** The staff roles that hold a permission (to find the people a task is for, e.g. approvers). */
export function rolesWithPermission(permission: StaffPermission): readonly StaffRole[] {
  return staffPermissions[permission]
}

/** Whether a staff member holding these roles has the permission (staffCan, for roles not yet on an actor). */
export function staffRolesGrant(roles: Iterable<string>, permission: StaffPermission): boolean {
  const granting = staffPermissions[permission] as readonly string[]
  for (const r of roles) if (granting.includes(r)) return true
  return false
}

export function staffCan(actor: Actor, permission: StaffPermission): boolean {
  if (actor.kind !== 'staff') return false
  if (actor.apiKey && !scopesAllowStaffPermission(actor.apiKey.scopes, permission)) return false
  return staffRolesGrant(actor.roles, permission)
}

export function isPartnerAdmin(actor: Actor): boolean {
  // A key never administers its organization (colleagues, keys), whoever made it.
  if (actor.apiKey) return false
  return (
    (actor.kind === 'supplier' && actor.roles.has('supplier_admin')) ||
    (actor.kind === 'dealer' && actor.roles.has('dealer_admin'))
  )
}
