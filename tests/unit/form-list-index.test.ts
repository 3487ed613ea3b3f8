// A form that names an absurd list index or a prototype path is bad input before conform reads it.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { MAX_FORM_LIST_INDEX, parseForm, readFormData } from '~/utils/form.server'

const post = (fields: Record<string, string>) => new Request('http://localhost/x', { method: 'POST', body: new URLSearchParams(fields) })

describe('readFormData', () => {
  it('keeps ordinary list fields', async () => {
    const form = await readFormData(post({ 'lines[0].sku': 'A', [`lines[${MAX_FORM_LIST_INDEX}].sku`]: 'B', note: 'x[y]' }))
    expect(form?.get(`lines[${MAX_FORM_LIST_INDEX}].sku`)).toBe('B')
  })

  it('refuses an index past the limit, however it is written', async () => {
    for (const key of [`lines[${MAX_FORM_LIST_INDEX + 1}].sku`, 'lines[99999999].sku', 'a[0].b[000000001]', 'x[0][123456]'])
      expect(await readFormData(post({ [key]: '1' }))).toBeNull()
  })

  it('refuses a field that names a prototype, wherever in its path', async () => {
    for (const key of ['__proto__', '__proto__[admin]', 'lines[0].__proto__', 'constructor[prototype][admin]', 'a.constructor', 'lines[0][prototype]'])
      expect(await readFormData(post({ name: 'ok', [key]: '1' })), key).toBeNull()
    // Names that merely contain the words are ordinary fields.
    expect(await readFormData(post({ prototypeNote: '1', 'lines[0].constructorName': 'x' }))).not.toBeNull()
  })

  it('answers a prototype path with 400 before the schema runs, however strict', async () => {
    const parsed = await parseForm(post({ name: 'ok', '__proto__[admin]': '1' }), z.object({ name: z.string() }).strict())
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect((parsed.response as unknown as { init: { status: number } }).init.status).toBe(400)
  })

  it('refuses a body that is not a form', async () => {
    expect(await readFormData(new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'garbage' }))).toBeNull()
  })

  it('refuses a NUL character in a field name, and on the field that carries one in its value (with parseForm)', async () => {
    expect(await readFormData(post({ 'na\u0000me': 'x' }))).toBeNull()
    const parsed = await parseForm(post({ name: 'a\u0000b', note: 'fine' }), z.object({ name: z.string(), note: z.string() }).strict())
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      const answer = parsed.response as unknown as { init: { status: number }; data: { submission: { error: Record<string, string[]>; initialValue: Record<string, string> } } }
      expect(answer.init.status).toBe(400)
      expect(answer.data.submission.error).toEqual({ name: ['errors:field.nul'] })
      expect(answer.data.submission.initialValue).toMatchObject({ name: 'ab', note: 'fine' })
    }
  })
})

