import { createInstance } from 'i18next'
import { describe, expect, it } from 'vitest'
import { i18nOptions } from '~/i18n/i18n'
import { CountStockSchema, AdjustStockSchema, STOCK_QUANTITY, TransferStockSchema } from '~/domain/inventory/inventory.validation'
import { ORDER_QUANTITY, recordPaymentSchema } from '~/domain/orders/order.validation'
import { DealerTermsSchema, PriceItemSchema } from '~/domain/sales/sales.validation'
import { parseMessage, readDecimal, type DecimalRule } from '~/utils/validation'

// The app shows amounts and quantities grouped (¥500,000.00, 1,000): what it shows is taken back when
// typed, and a number refused is refused for what is actually wrong with it.
const money: DecimalRule = { digits: 14, scale: 2, sign: 'nonNegative' }
const issues = (r: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }, field: string) =>
  (r.error?.issues ?? []).filter((i) => i.path[0] === field).map((i) => i.message)
const terms = (creditLimit: string) => ({ priceTier: 'A', creditLimit, paymentTermsDays: '30', currency: 'CNY' })
const count = (countedQuantity: string) => ({ intent: 'count', warehouseId: '5f0c6a3e-2b1d-4c8e-9a7f-1b2c3d4e5f60', countedQuantity, reason: 'count' })

describe('a typed amount or quantity', () => {
  it('reads whole groups of thousands as the app writes them', () => {
    expect(readDecimal('1,000', money)).toEqual({ ok: true, value: '1000' })
    expect(readDecimal(' 12,345.67 ', money)).toEqual({ ok: true, value: '12345.67' })
    expect(readDecimal('500,000.00', money)).toEqual({ ok: true, value: '500000.00' })
    expect(readDecimal('１，０００', money)).toEqual({ ok: true, value: '1000' })
    expect(readDecimal('-1,000', { ...money, sign: 'any' })).toEqual({ ok: true, value: '-1000' })
    expect(readDecimal('007', money)).toEqual({ ok: true, value: '7' })
  })

  it('takes the spaces and apostrophes people group digits with, one kind per number, but no line break or tab', () => {
    for (const v of ['12 345', '12\u00a0345', '12\u202f345', '12\u3000345', "12'345", '12，345'])
      expect(readDecimal(v, money), JSON.stringify(v)).toEqual({ ok: true, value: '12345' })
    // Two values pasted into one cell, an invisible character, or separators mixed: refused, not read as one number.
    for (const v of ['12\n345', '12\t345', '12\r\n345', '12\u2028345', '12\ufeff345', '1,000 000', "1'000,000", '1,000，000'])
      expect(readDecimal(v, money), JSON.stringify(v)).toEqual({ ok: false, message: 'errors:number.invalid' })
  })

  it('refuses separators that are not between whole thousands, as the cart does', () => {
    for (const v of ['1,5', '2,50', '10,00', ',100', '1,000,00', '1,0000', '1 5', 'abc', '', '1.2.3', '1e5', '.5'])
      expect(readDecimal(v, money), v).toEqual({ ok: false, message: 'errors:number.invalid' })
  })

  it('says what is wrong: decimals, size, sign', () => {
    expect(readDecimal('1.234', money)).toEqual({ ok: false, message: 'errors:number.decimals|{"max":2}' })
    expect(readDecimal('99999999999999999', money)).toEqual({ ok: false, message: 'errors:number.tooLarge|{"max":"99,999,999,999,999.99"}' })
    expect(readDecimal('99,999,999,999,999.99', money)).toEqual({ ok: true, value: '99999999999999.99' })
    expect(readDecimal('-3', money)).toEqual({ ok: false, message: 'errors:number.negative' })
    expect(readDecimal('0', money)).toEqual({ ok: true, value: '0' })
    expect(readDecimal('-0', money)).toEqual({ ok: true, value: '0' })
    expect(readDecimal('0.00', { ...money, sign: 'positive' })).toEqual({ ok: false, message: 'errors:field.positive' })
    expect(readDecimal('-3', { ...money, sign: 'positive' })).toEqual({ ok: false, message: 'errors:field.positive' })
  })

  it('is said in both languages', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    const say = (lng: string, message: string) => {
      const [key, params] = parseMessage(message)
      return i18n.getFixedT(lng)(key, params)
    }
    const tooLarge = issues(DealerTermsSchema.safeParse(terms('99999999999999999')), 'creditLimit')
    expect(tooLarge.map((m) => say('en', m))).toEqual(['This is too large: the most accepted is 99,999,999,999,999.99.'])
    expect(tooLarge.map((m) => say('zh-CN', m))).toEqual(['数值过大，最大为 99,999,999,999,999.99。'])
    const negative = issues(CountStockSchema.safeParse(count('-3')), 'countedQuantity')
    expect(negative.map((m) => say('en', m))).toEqual(['Enter 0 or more: this cannot be negative.'])
    expect(negative.map((m) => say('zh-CN', m))).toEqual(['不能为负数，请输入 0 或更大的数。'])
    expect(say('en', 'errors:number.invalid')).toBe('Enter a number, such as 1,250 or 12.5.')
    expect(say('zh-CN', 'errors:number.decimals|{"max":2}')).toBe('最多保留 2 位小数。')
  })
})

describe('the forms that take amounts and quantities', () => {
  it('take a credit limit, a payment, a price and a volume break as shown', () => {
    expect(DealerTermsSchema.parse(terms('1,000')).creditLimit).toBe('1000')
    expect(DealerTermsSchema.parse(terms('500,000.00')).creditLimit).toBe('500000.00')
    expect(recordPaymentSchema.parse({ amount: '2,000' }).amount).toBe('2000')
    expect(PriceItemSchema.parse({ intent: 'setItem', sku: 'EL-1001', minQty: '1,000', unitPrice: '1,234.5678' })).toMatchObject({ minQty: '1000', unitPrice: '1234.5678' })
  })

  it('refuse with the real reason', () => {
    expect(issues(DealerTermsSchema.safeParse(terms('99999999999999999')), 'creditLimit')).toEqual(['errors:number.tooLarge|{"max":"99,999,999,999,999.99"}'])
    expect(issues(DealerTermsSchema.safeParse(terms('-1')), 'creditLimit')).toEqual(['errors:number.negative'])
    expect(issues(DealerTermsSchema.safeParse(terms('1,5')), 'creditLimit')).toEqual(['errors:number.invalid'])
    expect(issues(DealerTermsSchema.safeParse(terms('')), 'creditLimit')).toEqual(['errors:field.required'])
    expect(issues(recordPaymentSchema.safeParse({ amount: '2,000.001' }), 'amount')).toEqual(['errors:number.decimals|{"max":2}'])
    expect(issues(recordPaymentSchema.safeParse({ amount: '0' }), 'amount')).toEqual(['errors:field.positive'])
    expect(issues(recordPaymentSchema.safeParse({ amount: 'abc' }), 'amount')).toEqual(['errors:number.invalid'])
  })

  it('count, move and adjust stock by the same rule: a count of 0 is a count, a negative one is not', () => {
    expect(CountStockSchema.parse(count('0')).countedQuantity).toBe('0')
    expect(CountStockSchema.parse(count('1,000')).countedQuantity).toBe('1000')
    expect(issues(CountStockSchema.safeParse(count('-3')), 'countedQuantity')).toEqual(['errors:number.negative'])
    const wh = '5f0c6a3e-2b1d-4c8e-9a7f-1b2c3d4e5f60'
    const transfer = (quantity: string) => ({ intent: 'transfer', fromWarehouseId: wh, toWarehouseId: wh, quantity, reason: 'move' })
    expect(TransferStockSchema.parse(transfer('1,000')).quantity).toBe('1000')
    expect(issues(TransferStockSchema.safeParse(transfer('0')), 'quantity')).toEqual(['errors:field.positive'])
    const adjust = (quantity: string) => ({ intent: 'adjust', warehouseId: wh, quantity, reason: 'fix' })
    expect(AdjustStockSchema.parse(adjust('-1,000')).quantity).toBe('-1000')
    expect(issues(AdjustStockSchema.safeParse(adjust('0')), 'quantity')).toEqual(['inventory:errors.quantityNonZero'])
    expect(issues(AdjustStockSchema.safeParse(adjust('1.23456')), 'quantity')).toEqual(['errors:number.decimals|{"max":4}'])
  })

  it('cap a count, a transfer and an adjustment alike, where an order line is capped: a count of 99,999,999,999,999 is refused, not held', () => {
    const max = 'errors:number.tooLarge|{"max":"9,999,999,999.9999"}'
    expect(CountStockSchema.parse(count('9,999,999,999.9999')).countedQuantity).toBe('9999999999.9999')
    expect(issues(CountStockSchema.safeParse(count('99999999999999')), 'countedQuantity')).toEqual([max])
    expect(issues(CountStockSchema.safeParse(count('10000000000')), 'countedQuantity')).toEqual([max])
    const wh = '5f0c6a3e-2b1d-4c8e-9a7f-1b2c3d4e5f60'
    expect(issues(AdjustStockSchema.safeParse({ intent: 'adjust', warehouseId: wh, quantity: '-10000000000', reason: 'fix' }), 'quantity')).toEqual([max])
    expect(issues(TransferStockSchema.safeParse({ intent: 'transfer', fromWarehouseId: wh, toWarehouseId: wh, quantity: '10000000000', reason: 'move' }), 'quantity')).toEqual([max])
    expect(STOCK_QUANTITY.digits).toBe(ORDER_QUANTITY.digits)
  })

  it('take a volume break from at most what an order line takes: a larger one could never apply', () => {
    const item = (minQty: string) => ({ intent: 'setItem', sku: 'EL-1001', minQty, unitPrice: '1' })
    expect(PriceItemSchema.parse(item('9,999,999,999')).minQty).toBe('9999999999')
    expect(issues(PriceItemSchema.safeParse(item('10,000,000,000')), 'minQty')).toEqual(['errors:number.tooLarge|{"max":"9,999,999,999.9999"}'])
  })
})
