// Client-safe rules of API keys: the scopes each kind of organization may grant, what a scope lets
// a staff key's holder do, and the token's shape. No I/O.
import type { OrgKind, StaffPermission } from './roles'

export const apiScopes = ['auctions:read', 'auctions:bid', 'orders:read', 'orders:write'] as const
export type ApiScope = (typeof apiScopes)[number]

/** What a key of each kind of organization may be given: only what that kind can do over the API. */
export const scopesOfOrg: Record<OrgKind, readonly ApiScope[]> = {
  host: ['auctions:read'],
  supplier: ['auctions:read', 'auctions:bid'],
  dealer: ['orders:read', 'orders:write'],
}

/**
 * The staff permissions a scope carries. A staff key's actor holds a permission only when its
 * creator's roles give it AND one of the key's scopes lists it: a key never does more than its
 * creator, nor more than it was made for. Viewing an auction is guarded by `auctions.run`, so the
 * read scope carries it; every API route checks its own scope too, so no write is reachable with it.
 */
const staffPermissionsOfScope: Record<ApiScope, readonly StaffPermission[]> = {
  'auctions:read': ['auctions.run'],
  'auctions:bid': [],
  'orders:read': [],
  'orders:write': [],
}

export function scopesAllowStaffPermission(scopes: ReadonlySet<ApiScope>, permission: StaffPermission): boolean {
  for (const s of scopes) if (staffPermissionsOfScope[s].includes(permission)) return true
  return false
}

export const isApiScope = (v: unknown): v is ApiScope => typeof v === 'string' && (apiScopes as readonly string[]).includes(v)

// The token: `cxk_<prefix>_<secret>`. The prefix (12 hex, 48 bits) finds the row and is shown in
// lists; the secret is 32 random bytes in base64url (43 characters), 256 bits nobody can guess.
export const TOKEN_PREFIX = 'cxk_'
const TOKEN_RE = /^cxk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/

export function formatToken(prefix: string, secret: string): string {
  return `${TOKEN_PREFIX}${prefix}_${secret}`
}

/** The prefix of a well-formed token, or null: anything else is refused before the database. */
export function parseToken(token: string): { prefix: string } | null {
  const m = TOKEN_RE.exec(token)
  return m ? { prefix: m[1] } : null
}

/** How a key looks in a list: enough to recognise it, nothing to use. */
export const displayPrefix = (prefix: string) => `${TOKEN_PREFIX}${prefix}_…`

/**
 * The token of an `Authorization: Bearer …` header. `present` is true whenever the header names
 * the Bearer scheme, well-formed token or not: such a request is judged by its token alone.
 */
export function bearerToken(authorization: string | null | undefined): { present: boolean; token: string | null } {
  if (!authorization) return { present: false, token: null }
  const m = /^\s*bearer(?:\s+(\S*))?\s*$/i.exec(authorization)
  if (!m) return { present: /^\s*bearer\b/i.test(authorization), token: null }
  return { present: true, token: m[1] || null }
}

/** API keys authenticate the HTTP API only; every page ignores them. */
export const isApiPath = (pathname: string) => pathname === '/api/v1' || pathname.startsWith('/api/v1/')

export type ApiKeyStatus = 'active' | 'expired' | 'revoked'
/** `manual`: revoked on a key page; `maker_deactivated`: its maker was deactivated, which revokes their keys. */
export type ApiKeyRevokedReason = 'manual' | 'maker_deactivated'

export function apiKeyStatus(k: { revokedAt: Date | string | null; expiresAt: Date | string | null }, now: Date): ApiKeyStatus {
  if (k.revokedAt) return 'revoked'
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= now.getTime()) return 'expired'
  return 'active'
}

export const expiryChoices = ['never', '30', '90', '365'] as const
export type ExpiryChoice = (typeof expiryChoices)[number]

/** A key as its admins see it: never the secret, which is shown once at creation. */
export interface ApiKeyDto {
  id: string
  name: string
  prefix: string
  scopes: ApiScope[]
  createdAt: string
  createdByName: string
  lastUsedAt: string | null
  expiresAt: string | null
  revokedAt: string | null
  revokedReason: ApiKeyRevokedReason | null
  status: ApiKeyStatus
}
