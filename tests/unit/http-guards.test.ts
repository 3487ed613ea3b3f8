import { describe, expect, it } from 'vitest'
import { allowedOriginsFor, contentSecurityPolicy, isSameOrigin } from '~/server/http-guards'

const allowed = allowedOriginsFor({ host: 'localhost:3000' })

describe('cross-site request check', () => {
  it('accepts our own origin', () => {
    expect(isSameOrigin({ origin: 'http://localhost:3000' }, allowed)).toBe(true)
    expect(isSameOrigin({ 'sec-fetch-site': 'same-origin' }, allowed)).toBe(true)
  })
  it('refuses foreign and opaque origins', () => {
    expect(isSameOrigin({ origin: 'https://evil.example' }, allowed)).toBe(false)
    expect(isSameOrigin({ origin: 'null' }, allowed)).toBe(false)
    expect(isSameOrigin({ origin: 'http://localhost:3001' }, allowed)).toBe(false)
    expect(isSameOrigin({ 'sec-fetch-site': 'cross-site' }, allowed)).toBe(false)
    expect(isSameOrigin({ 'sec-fetch-site': 'same-site' }, allowed)).toBe(false)
  })
  it('trusts a configured public origin behind a proxy', () => {
    expect(isSameOrigin({ origin: 'https://scm.example.com' }, allowedOriginsFor({ host: '10.0.0.5:3000' }, 'https://scm.example.com/'))).toBe(true)
  })
  it('allows no inline script without the nonce and no framing', () => {
    const csp = contentSecurityPolicy('abc', false)
    expect(csp).toContain("script-src 'self' 'nonce-abc'")
    expect(csp).not.toContain('unsafe-inline\'; style') // scripts stay strict
    expect(csp).toContain("frame-ancestors 'none'")
  })
})

describe('the origin of links in e-mail', async () => {
  const { publicOrigin } = await import('~/server/http-guards')
  it('is the configured public origin when there is one', () => {
    expect(publicOrigin({ appOrigin: 'https://scm.example.com/', protocol: 'http', host: 'evil.example', port: 3000 })).toBe('https://scm.example.com')
  })
  it('believes the Host header only for loopback hosts', () => {
    expect(publicOrigin({ protocol: 'http', host: 'localhost:3000', port: 3000 })).toBe('http://localhost:3000')
    expect(publicOrigin({ protocol: 'http', host: '127.0.0.1:3210', port: 3210 })).toBe('http://127.0.0.1:3210')
    expect(publicOrigin({ protocol: 'http', host: 'evil.example', port: 3000 })).toBe('http://localhost:3000')
    expect(publicOrigin({ protocol: 'http', host: 'localhost.evil.example', port: 3000 })).toBe('http://localhost:3000')
  })
})
