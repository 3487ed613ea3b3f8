// L4 cookie flags and L3 session lifecycle, over HTTP as a browser would see them.
import { ACTORS, ask, DEMO_PASSWORD, expect, sameOrigin, SESSION_COOKIE, sessionIdFrom, setCookieHeaders, test, type Session } from '../../support/security-actors'

function sessionCookieOf(setCookies: string[]): { value: string; attrs: Map<string, string> } | null {
  const raw = setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))
  if (!raw) return null
  const [first, ...rest] = raw.split(';').map((p) => p.trim())
  const attrs = new Map(rest.map((p) => [p.split('=')[0].toLowerCase(), p.split('=').slice(1).join('=')]))
  return { value: first.slice(SESSION_COOKIE.length + 1), attrs }
}

/** What a page answers to a bare session id (a request context of its own, no cookie jar in play). */
async function withCookie(anon: Session, sessionId: string, url: string, method = 'GET') {
  return ask(anon, method, url, { headers: { Cookie: `${SESSION_COOKIE}=${sessionId}`, ...(method === 'GET' ? {} : sameOrigin) } })
}

test.describe('L4 the session cookie', () => {
  test('is HttpOnly, SameSite=Lax, Path=/, host-only, bounded, and not Secure over plain http', async ({ fresh }) => {
    const anon = await fresh('anonymous')
    const res = await anon.ctx.post('/login', { form: { email: ACTORS.amy.email, password: DEMO_PASSWORD }, headers: sameOrigin, maxRedirects: 0 })
    const c = sessionCookieOf(setCookieHeaders(res))
    expect(c).not.toBeNull()
    expect(c!.value).toMatch(/^[a-z0-9]{32,}$/)
    expect(c!.attrs.has('httponly')).toBe(true)
    expect(c!.attrs.get('samesite')?.toLowerCase()).toBe('lax')
    expect(c!.attrs.get('path')).toBe('/')
    expect(c!.attrs.has('domain')).toBe(false)
    expect(c!.attrs.has('secure')).toBe(false)
    const maxAge = Number(c!.attrs.get('max-age'))
    expect(maxAge).toBeGreaterThan(0)
    expect(maxAge).toBeLessThanOrEqual(24 * 3600)
  })

  test('gets Secure when a loopback proxy says the request came over https', async ({ fresh }) => {
    const anon = await fresh('anonymous')
    const res = await anon.ctx.post('/login', {
      form: { email: ACTORS.amy.email, password: DEMO_PASSWORD },
      headers: { ...sameOrigin, 'X-Forwarded-Proto': 'https' },
      maxRedirects: 0,
    })
    const c = sessionCookieOf(setCookieHeaders(res))
    expect(c!.attrs.has('secure')).toBe(true)
    expect(c!.attrs.has('httponly')).toBe(true)
    expect(c!.attrs.get('samesite')?.toLowerCase()).toBe('lax')
    // And sign-out clears it with the same flags, so the browser really drops it.
    const out = await ask(anon, 'POST', '/logout', {
      headers: { ...sameOrigin, 'X-Forwarded-Proto': 'https', Cookie: `${SESSION_COOKIE}=${c!.value}` },
    })
    const cleared = sessionCookieOf(out.headers['set-cookie']?.split('\n') ?? [])
    expect(cleared?.value).toBe('')
    expect(cleared?.attrs.get('max-age')).toBe('0')
    expect(cleared?.attrs.has('secure')).toBe(true)
  })

  test('the language cookie is HttpOnly and SameSite=Lax as well', async ({ fresh }) => {
    const anon = await fresh('anonymous')
    const a = await ask(anon, 'POST', '/settings/locale', { headers: sameOrigin, form: { locale: 'en', redirectTo: '/login' } })
    const lng = (a.headers['set-cookie'] ?? '').split('\n').find((c) => c.startsWith('lng='))
    expect(lng).toMatch(/HttpOnly/i)
    expect(lng).toMatch(/SameSite=Lax/i)
  })
})

test.describe('L3 session ids', () => {
  test('a new id at every sign-in; signing in again in the same browser ends the old one', async ({ fresh }) => {
    const one = await fresh('amy')
    const two = await fresh('amy')
    expect(one.sessionId).not.toBe(two.sessionId)
    const again = await one.ctx.post('/login', { form: { email: ACTORS.amy.email, password: DEMO_PASSWORD }, headers: sameOrigin, maxRedirects: 0 })
    const three = sessionIdFrom(again)
    expect(three).toBeTruthy()
    expect(three).not.toBe(one.sessionId)
    const anon = await fresh('anonymous')
    expect((await withCookie(anon, one.sessionId!, '/supplier')).location).toMatch(/^\/login/)
    expect((await withCookie(anon, three!, '/supplier')).status).toBe(200)
    expect((await withCookie(anon, two.sessionId!, '/supplier')).status, 'another browser stays signed in').toBe(200)
  })

  test('a session id planted before sign-in is not the one issued (no fixation)', async ({ fresh }) => {
    const anon = await fresh('anonymous')
    const planted = 'a'.repeat(40)
    const res = await ask(anon, 'POST', '/login', {
      headers: { ...sameOrigin, Cookie: `${SESSION_COOKIE}=${planted}` },
      form: { email: ACTORS.amy.email, password: DEMO_PASSWORD },
    })
    expect(res.status).toBe(302)
    const issued = sessionCookieOf(res.headers['set-cookie']?.split('\n') ?? [])
    expect(issued?.value).toBeTruthy()
    expect(issued?.value).not.toBe(planted)
    expect((await withCookie(anon, planted, '/supplier')).location).toMatch(/^\/login/)
  })

  test('after sign-out the old id opens nothing: pages, data, actions, sockets aside', async ({ fresh }) => {
    const s = await fresh('dora')
    const id = s.sessionId!
    const out = await ask(s, 'POST', '/logout', { headers: sameOrigin })
    expect(out.status).toBe(302)
    expect(out.location).toBe('/login')
    const cleared = sessionCookieOf(out.headers['set-cookie']?.split('\n') ?? [])
    expect(cleared?.value).toBe('')
    const anon = await fresh('anonymous')
    expect((await withCookie(anon, id, '/dealer')).location).toMatch(/^\/login/)
    const data = await withCookie(anon, id, '/dealer.data')
    expect(data.body).not.toContain(ACTORS.dora.email)
    expect(data.location ?? '').toMatch(/^\/login/)
    const root = await withCookie(anon, id, '/login.data')
    expect(root.body).not.toContain(ACTORS.dora.email)
    const post = await withCookie(anon, id, '/notifications', 'POST')
    expect(post.location ?? '').toMatch(/^\/login/)
    // Replaying the sign-out with the dead id does nothing harmful either.
    expect((await withCookie(anon, id, '/logout', 'POST')).status).toBe(302)
  })
})
