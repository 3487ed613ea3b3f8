// L1 from the HTTP side, lightly (tests/integration/auth covers the counting): after the
// account's allowance of wrong passwords, sign-in answers 429 and refuses the right password too.
// Attempts carry X-Forwarded-For (trust proxy is loopback): each test is its own client address,
// so this file uses up nobody else's allowance on 127.0.0.1.
import { ask, DEMO_PASSWORD, expect, sameOrigin, test } from '../../support/security-actors'

const ACCOUNT = 'ben@precision.test' // used by no other test

test('L1 25 wrong passwords on one account → 429, then the right password is refused too, from any address', async ({ fresh }) => {
  const s = await fresh('anonymous')
  const from = (ip: string) => ({ ...sameOrigin, 'X-Forwarded-For': ip })
  const statuses: number[] = []
  for (let i = 0; i < 25; i++) {
    const a = await ask(s, 'POST', '/login', { headers: from('198.51.100.25'), form: { email: ACCOUNT, password: `wrong-${i}` } })
    statuses.push(a.status)
    expect(a.headers['set-cookie'] ?? '').not.toContain('cx_session=')
  }
  expect(statuses.every((x) => x === 401 || x === 429), statuses.join(',')).toBe(true)
  expect(statuses.slice(-5), 'the last attempts are throttled').toEqual([429, 429, 429, 429, 429])
  expect(statuses.filter((x) => x === 401).length, 'at most 20 evaluated').toBeLessThanOrEqual(20)
  for (const ip of ['198.51.100.25', '198.51.100.26']) {
    const right = await ask(s, 'POST', '/login', { headers: from(ip), form: { email: ACCOUNT, password: DEMO_PASSWORD } })
    expect(right.status, `right password from ${ip}`).toBe(429)
    expect(right.headers['set-cookie'] ?? '').not.toContain('cx_session=')
  }
  // The single fetch path (a hydrated form posts to /login.data) is throttled the same.
  const viaData = await ask(s, 'POST', '/login.data', { headers: from('198.51.100.27'), form: { email: ACCOUNT, password: DEMO_PASSWORD } })
  expect(viaData.status).toBe(429)
})
