import { describe, expect, it } from 'vitest'
import { safeRedirectTarget, staffCan, surfaceOfPath, type Actor } from '~/auth/roles'

const base = { userId: 'u', orgId: 'o', org: { nameEn: 'O', nameZh: 'O' }, sessionId: 's', email: 'x@y.z', name: 'X', locale: 'en' as const, timeZone: 'Asia/Shanghai' }
const staff = (...roles: string[]) => ({ ...base, kind: 'staff', roles: new Set(roles) }) as Actor
const supplier = { ...base, kind: 'supplier', roles: new Set(['supplier_admin']) } as Actor

describe('surfaces', () => {
  it('maps paths to the surface that owns them', () => {
    expect(surfaceOfPath('/console')).toBe('console')
    expect(surfaceOfPath('/console/products')).toBe('console')
    expect(surfaceOfPath('/supplier/users')).toBe('supplier')
    expect(surfaceOfPath('/dealer')).toBe('dealer')
    expect(surfaceOfPath('/consoleX')).toBeNull()
    expect(surfaceOfPath('/login')).toBeNull()
  })

  it('sends a user back only to a page on their own surface', () => {
    expect(safeRedirectTarget('/console/products?q=1', staff('admin'))).toBe('/console/products?q=1')
    expect(safeRedirectTarget('/dealer/orders', staff('admin'))).toBe('/console')
    expect(safeRedirectTarget('/console', supplier)).toBe('/supplier')
    expect(safeRedirectTarget('//evil.example/x', supplier)).toBe('/supplier')
    expect(safeRedirectTarget('https://evil.example', supplier)).toBe('/supplier')
    expect(safeRedirectTarget('/\\evil.example', supplier)).toBe('/supplier')
    expect(safeRedirectTarget(undefined, supplier)).toBe('/supplier')
  })
})

describe('staff permissions', () => {
  it('grants by role and never to partners', () => {
    expect(staffCan(staff('admin'), 'users.manage')).toBe(true)
    expect(staffCan(staff('buyer'), 'users.manage')).toBe(false)
    expect(staffCan(staff('buyer', 'warehouse'), 'catalog.manage')).toBe(true)
    expect(staffCan(staff('sales'), 'catalog.manage')).toBe(false)
    expect(staffCan(supplier, 'catalog.view')).toBe(false)
  })
})

describe('local paths', () => {
  it('accepts only same-site paths', async () => {
    const { isLocalPath } = await import('~/auth/roles')
    expect(isLocalPath('/console?x=1')).toBe(true)
    expect(isLocalPath('//evil.example')).toBe(false)
    expect(isLocalPath('/\\evil.example')).toBe(false)
    expect(isLocalPath('https://evil.example')).toBe(false)
    expect(isLocalPath('')).toBe(false)
    expect(isLocalPath(undefined)).toBe(false)
  })

  it('refuses control characters anywhere, which browsers drop from a Location (/<tab>/evil.example is //evil.example)', async () => {
    const { isLocalPath, safeRedirectTarget } = await import('~/auth/roles')
    for (const c of ['\t', '\n', '\r', '\u0000', '\u001f', '\u007f']) {
      expect(isLocalPath(`/${c}/evil.example`)).toBe(false)
      expect(isLocalPath(`/console${c}`)).toBe(false)
    }
    expect(isLocalPath('/console/orders\\x')).toBe(false)
    expect(safeRedirectTarget('/\t/evil.example', { kind: 'staff' })).toBe('/console')
    // Encoded, they are plain characters of a path on this site.
    expect(isLocalPath('/console?q=%09')).toBe(true)
  })
})
