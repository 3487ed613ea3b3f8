// A form that names an absurd list index is bad input before conform turns it into an array.
import { describe, expect, it } from 'vitest'
import { MAX_FORM_LIST_INDEX, readFormData } from '~/utils/form.server'

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

  it('refuses a body that is not a form', async () => {
    expect(await readFormData(new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'garbage' }))).toBeNull()
  })
})
