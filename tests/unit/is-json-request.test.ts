import { describe, expect, it } from 'vitest'
import { isJsonRequest } from '~/utils/api-response.server'

// The API refuses a body that is not JSON before reading it: a client sending a charset or a JSON media type of its own must
// still get in, and text or a type that only starts with "application/json" must not.
const withType = (type?: string) => new Request('http://localhost/api/v1/x', { method: 'POST', body: '{}', headers: type === undefined ? {} : { 'content-type': type } })

describe('isJsonRequest', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['APPLICATION/JSON; Charset=UTF-8', true],
    ['application/vnd.api+json', true],
    ['text/plain', false],
    ['text/plain;charset=UTF-8', false],
    ['application/jsonx', false],
    ['application/json-seq', false],
    ['', false],
  ])('%s → %s', (type, expected) => expect(isJsonRequest(withType(type))).toBe(expected))

  it('refuses a request without a content type', () => {
    const request = new Request('http://localhost/api/v1/x', { method: 'POST', body: new Uint8Array([123, 125]) })
    expect(request.headers.get('content-type')).toBeNull()
    expect(isJsonRequest(request)).toBe(false)
  })
})
