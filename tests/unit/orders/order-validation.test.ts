import { describe, expect, it } from 'vitest'
import { cartLinesSchema, reasonSchema, recordPaymentSchema, shipOrderSchema, submitOrderSchema } from '~/domain/orders/order.validation'

const P1 = '0b7c6f1e-3f4a-4c1a-9a43-2f6a0e1b2c3d'
const P2 = '1b7c6f1e-3f4a-4c1a-9a43-2f6a0e1b2c3d'
const WH = '2b7c6f1e-3f4a-4c1a-9a43-2f6a0e1b2c3d'
const messages = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.error?.issues ?? []).map((i) => i.message)

describe('cart lines', () => {
  it('takes positive decimal quantities with at most 4 decimals', () => {
    expect(cartLinesSchema.safeParse([{ productId: P1, quantity: '1.2345' }]).success).toBe(true)
    for (const q of ['0', '0.0000', '-1', '1.23456', '1e3', 'NaN', '', ' ', '1,5', 'Infinity']) {
      expect(cartLinesSchema.safeParse([{ productId: P1, quantity: q }]).success, q).toBe(false)
    }
  })
  it('takes a JSON number as the exact decimal text it was written as, and words a refused one for a number', () => {
    for (const [n, text] of [[60, '60'], [5, '5'], [12.5, '12.5'], [0.0001, '0.0001'], [1.2345, '1.2345'], [9999999999.9999, '9999999999.9999']] as const) {
      const r = cartLinesSchema.safeParse([{ productId: P1, quantity: n }])
      expect(r.success && r.data[0].quantity, String(n)).toBe(text)
    }
    // An exponent (no exact text within the limits), too many digits either side, nothing above zero.
    for (const n of [1e21, 1e-7, 12345678901, 1.23456, 0.1 + 0.2, 0, -0, -5]) {
      const r = cartLinesSchema.safeParse([{ productId: P1, quantity: n }])
      expect(messages(r), String(n)).toEqual(['orders:validation.quantityNumber'])
      expect(r.error?.issues[0].path).toEqual([0, 'quantity'])
    }
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, true, null, { n: 1 }]) expect(messages(cartLinesSchema.safeParse([{ productId: P1, quantity: v }])), String(v)).toEqual(['errors:number.invalid'])
  })
  it('reads the form’s text as every typed quantity is read, and refuses it for its real reason', () => {
    expect(messages(cartLinesSchema.safeParse([{ productId: P1, quantity: '' }]))).toEqual(['errors:field.required'])
    expect(messages(cartLinesSchema.safeParse([{ productId: P1 }]))).toEqual(['errors:field.required'])
    expect(messages(cartLinesSchema.safeParse([{ productId: P1, quantity: '1.23456' }]))).toEqual(['errors:number.decimals|{"max":4}'])
    expect(messages(cartLinesSchema.safeParse([{ productId: P1, quantity: '99999999999' }]))).toEqual(['errors:number.tooLarge|{"max":"9,999,999,999.9999"}'])
    expect(messages(cartLinesSchema.safeParse([{ productId: P1, quantity: '0' }]))).toEqual(['errors:field.positive'])
    expect(messages(cartLinesSchema.safeParse([{ productId: P1, quantity: '1,5' }]))).toEqual(['errors:number.invalid'])
    const shown = cartLinesSchema.safeParse([{ productId: P1, quantity: '1,000' }])
    expect(shown.success && shown.data[0].quantity).toBe('1000')
    const r = cartLinesSchema.safeParse([{ productId: P1, quantity: ' 60 ' }])
    expect(r.success && r.data[0].quantity).toBe('60')
  })
  it('wants 1 to 100 lines and no product twice', () => {
    expect(messages(cartLinesSchema.safeParse([]))).toEqual(['orders:validation.linesRequired'])
    const many = Array.from({ length: 101 }, (_, i) => ({ productId: `${String(i).padStart(8, '0')}-3f4a-4c1a-9a43-2f6a0e1b2c3d`, quantity: '1' }))
    expect(messages(cartLinesSchema.safeParse(many))).toContain('orders:validation.tooManyLines')
    expect(messages(cartLinesSchema.safeParse([{ productId: P1, quantity: '1' }, { productId: P1.toUpperCase(), quantity: '2' }]))).toEqual(['orders:validation.duplicateProduct'])
    expect(cartLinesSchema.safeParse([{ productId: P1, quantity: '1' }, { productId: P2, quantity: '2' }]).success).toBe(true)
  })
})

describe('submitting an order', () => {
  const ok = { warehouseId: WH, lines: [{ productId: P1, quantity: '3' }] }
  it('accepts the cart with optional reference, address and note', () => {
    const r = submitOrderSchema.safeParse({ ...ok, dealerReference: ' PO-7 ', shipTo: '', note: 'x' })
    expect(r.success && r.data).toEqual({ ...ok, dealerReference: 'PO-7', shipTo: undefined, note: 'x' })
  })
  it.each([['price', '1.00'], ['dealerOrgId', P2], ['status', 'approved'], ['unitPrice', '0'], ['__proto__', 'x']])('refuses the unknown field %s', (field, value) => {
    const body = JSON.parse(JSON.stringify(ok))
    Object.defineProperty(body, field, { value, enumerable: true })
    expect(submitOrderSchema.safeParse(body).success).toBe(false)
  })
  it('refuses a price inside a line', () => {
    expect(submitOrderSchema.safeParse({ ...ok, lines: [{ productId: P1, quantity: '1', unitPrice: '0.01' }] }).success).toBe(false)
  })
})

describe('the other commands’ inputs', () => {
  it('requires a reason to reject or cancel', () => {
    expect(messages(reasonSchema.safeParse({ reason: '  ' }))).toEqual(['orders:validation.reasonRequired'])
    expect(reasonSchema.safeParse({ reason: 'credit' }).success).toBe(true)
  })
  it('requires carrier, tracking number and lines to ship', () => {
    expect(shipOrderSchema.safeParse({ carrier: 'SF', trackingNumber: 'SF1', lines: [{ orderLineId: P1, quantity: '2' }] }).success).toBe(true)
    expect(messages(shipOrderSchema.safeParse({ carrier: '', trackingNumber: 'x', lines: [{ orderLineId: P1, quantity: '2' }] }))).toEqual(['orders:validation.carrierRequired'])
    expect(messages(shipOrderSchema.safeParse({ carrier: 'SF', trackingNumber: '', lines: [{ orderLineId: P1, quantity: '2' }] }))).toEqual(['orders:validation.trackingRequired'])
    expect(shipOrderSchema.safeParse({ carrier: 'SF', trackingNumber: 'x', lines: [] }).success).toBe(false)
    expect(shipOrderSchema.safeParse({ carrier: 'SF', trackingNumber: 'x', lines: [{ orderLineId: P1, quantity: '2' }], status: 'shipped' }).success).toBe(false)
  })
  it('ships a quantity typed as the page shows it, by the shared reader', () => {
    const ship = (quantity: string) => shipOrderSchema.safeParse({ carrier: 'SF', trackingNumber: 'x', lines: [{ orderLineId: P1, quantity }] })
    const r = ship('1,000')
    expect(r.success && r.data.lines[0].quantity).toBe('1000')
    expect(messages(ship('1,5'))).toEqual(['errors:number.invalid'])
    expect(messages(ship('-2'))).toEqual(['errors:field.positive'])
    expect(messages(ship('2.00001'))).toEqual(['errors:number.decimals|{"max":4}'])
  })
  it('takes payments as positive amounts with at most 2 decimals', () => {
    expect(recordPaymentSchema.safeParse({ amount: '100.50' }).success).toBe(true)
    for (const a of ['0', '-1', '1.001', 'abc']) expect(recordPaymentSchema.safeParse({ amount: a }).success, a).toBe(false)
  })
})
