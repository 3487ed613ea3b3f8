// API keys' pure rules: the token's shape, the Bearer header, which requests a key may authenticate,
// scopes per kind of organization, and how scopes narrow a staff key's permissions.
import { describe, expect, it } from 'vitest'
import { apiKeyStatus, bearerToken, formatToken, isApiPath, parseToken, scopesAllowStaffPermission, scopesOfOrg, type ApiScope } from '~/auth/api-keys.rules'
import { apiKeyCreateSchema } from '~/auth/api-keys.validation'
import { isPartnerAdmin, staffCan, type Actor } from '~/auth/roles'
import { routedPathname, usesApiKey } from '~/auth/request-auth.server'

const secret = 'A'.repeat(42) + '_'
const base = { userId: 'u', orgId: 'o', org: { nameEn: 'O', nameZh: 'O' }, sessionId: 's', email: 'x@y.z', name: 'X', locale: 'en' as const, timeZone: 'Asia/Shanghai' }
const admin = { ...base, kind: 'staff', roles: new Set(['admin']) } as Actor
const keyOf = (actor: Actor, ...scopes: ApiScope[]) => ({ ...actor, apiKey: { id: 'k', scopes: new Set(scopes) } }) as Actor

describe('token format', () => {
  it('round-trips a prefix and a 256-bit base64url secret', () => {
    const token = formatToken('0123456789ab', secret)
    expect(token).toBe(`cxk_0123456789ab_${secret}`)
    expect(parseToken(token)).toEqual({ prefix: '0123456789ab' })
  })

  it('refuses anything else before the database is asked', () => {
    for (const bad of ['', 'cxk_', `cxk_0123456789ab_${secret}x`, `cxk_0123456789AB_${secret}`, `cxk_0123456789a_${secret}`, `xxx_0123456789ab_${secret}`, `cxk_0123456789ab_${secret.slice(1)}=`, ` cxk_0123456789ab_${secret}`]) {
      expect(parseToken(bad), bad).toBeNull()
    }
  })
})

describe('Bearer header', () => {
  it('reads the token and marks every Bearer header as present, well-formed or not', () => {
    expect(bearerToken(`Bearer abc`)).toEqual({ present: true, token: 'abc' })
    expect(bearerToken(`bearer   abc `)).toEqual({ present: true, token: 'abc' })
    expect(bearerToken('Bearer')).toEqual({ present: true, token: null })
    expect(bearerToken('Bearer a b')).toEqual({ present: true, token: null })
    expect(bearerToken('Basic dXNlcjpwYXNz')).toEqual({ present: false, token: null })
    expect(bearerToken(undefined)).toEqual({ present: false, token: null })
  })

  it('authenticates with a key only on the API, by the path Remix will route', () => {
    expect(isApiPath('/api/v1/auctions')).toBe(true)
    expect(isApiPath('/api/v10/x')).toBe(false)
    expect(usesApiKey('/api/v1/auctions?x=1', 'Bearer x')).toBe(true)
    expect(usesApiKey('/api/v1/auctions', null)).toBe(false)
    expect(usesApiKey('/console/users', 'Bearer x')).toBe(false)
    // Dot segments are resolved the way the router's URL parser resolves them.
    expect(routedPathname('/api/v1/../../console/users')).toBe('/console/users')
    expect(usesApiKey('/api/v1/../../console/users', 'Bearer x')).toBe(false)
    expect(usesApiKey('/api/v1/%2e%2e/%2e%2e/console/users', 'Bearer x')).toBe(false)
  })
})

describe('scopes', () => {
  it('offers each kind of organization only what it can do over the API', () => {
    expect(scopesOfOrg.host).toEqual(['auctions:read'])
    expect(scopesOfOrg.supplier).toEqual(['auctions:read', 'auctions:bid'])
    expect(scopesOfOrg.dealer).toEqual(['orders:read', 'orders:write'])
    const schema = apiKeyCreateSchema('dealer')
    expect(schema.safeParse({ intent: 'create', name: 'ERP', scopes: ['orders:read'] }).success).toBe(true)
    expect(schema.safeParse({ intent: 'create', name: 'ERP', scopes: ['auctions:bid'] }).success).toBe(false)
    expect(schema.safeParse({ intent: 'create', name: 'ERP', scopes: [] }).success).toBe(false)
    expect(schema.safeParse({ intent: 'create', name: ' ', scopes: ['orders:read'] }).success).toBe(false)
    expect(schema.safeParse({ intent: 'create', name: 'ERP', scopes: ['orders:read'], expiry: '7' }).success).toBe(false)
    expect(schema.safeParse({ intent: 'create', name: 'ERP', scopes: ['orders:read'], orgId: 'x' }).success).toBe(false)
  })

  it('maps scopes to staff permissions', () => {
    expect(scopesAllowStaffPermission(new Set<ApiScope>(['auctions:read']), 'auctions.run')).toBe(true)
    expect(scopesAllowStaffPermission(new Set<ApiScope>(['auctions:read']), 'users.manage')).toBe(false)
    expect(scopesAllowStaffPermission(new Set<ApiScope>(['auctions:bid', 'orders:read', 'orders:write']), 'orders.view')).toBe(false)
  })

  it('intersects a staff key with its creator’s roles: never more than either', () => {
    const readKey = keyOf(admin, 'auctions:read')
    expect(staffCan(admin, 'users.manage')).toBe(true)
    expect(staffCan(readKey, 'users.manage')).toBe(false)
    expect(staffCan(readKey, 'audit.view')).toBe(false)
    expect(staffCan(readKey, 'auctions.run')).toBe(true)
    const sales = { ...base, kind: 'staff', roles: new Set(['sales']) } as Actor
    expect(staffCan(keyOf(sales, 'auctions:read'), 'auctions.run')).toBe(false)
  })

  it('never lets a key administer its organization', () => {
    const alice = { ...base, kind: 'supplier', roles: new Set(['supplier_admin']) } as Actor
    expect(isPartnerAdmin(alice)).toBe(true)
    expect(isPartnerAdmin(keyOf(alice, 'auctions:read', 'auctions:bid'))).toBe(false)
  })
})

describe('status', () => {
  it('is revoked before expired before active', () => {
    const now = new Date('2026-11-22T10:00:00Z')
    expect(apiKeyStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active')
    expect(apiKeyStatus({ revokedAt: null, expiresAt: '2026-11-22T10:00:01Z' }, now)).toBe('active')
    expect(apiKeyStatus({ revokedAt: null, expiresAt: '2026-11-22T10:00:00Z' }, now)).toBe('expired')
    expect(apiKeyStatus({ revokedAt: '2026-11-01T00:00:00Z', expiresAt: '2026-11-02T00:00:00Z' }, now)).toBe('revoked')
  })
})
