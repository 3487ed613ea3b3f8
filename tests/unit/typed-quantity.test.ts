import { describe, expect, it } from 'vitest'
import { createInstance } from 'i18next'
import { i18nOptions } from '~/i18n/i18n'
import { cartLinesSchema } from '~/domain/orders/order.validation'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { readQuantity, type QuantityFor } from '~/ui/orders/cart-store'
import { parseMessage } from '~/utils/validation'

const counted: QuantityFor = { sku: 'AS-4002', wholeUnits: true }
const weighed: QuantityFor = { sku: 'MT-2004', wholeUnits: false }
/** The number readQuantity takes, or null: what the cart and the catalog would put in the cart. */
const taken = (value: string, product?: QuantityFor) => {
  const read = readQuantity(value, product)
  return read.ok ? read.value : null
}

// What the cart reads from a typed quantity (readQuantity, which the catalog and the cart both commit through): exactly
// the number meant, or nothing (the order is then held with a message). A separator anywhere but between whole thousands
// is no thousands separator. A product not yet known (the cart before its first price) is read as a weighed one.
describe('a typed quantity', () => {
  it('reads plain numbers, whole groups of thousands and full-width digits', () => {
    for (const product of [undefined, weighed, counted]) {
      const kind = product?.sku ?? 'unknown'
      expect(taken('25', product), kind).toBe('25')
      expect(taken('1,000', product), kind).toBe('1000')
      expect(taken('１２０', product), kind).toBe('120')
      expect(taken('1，000', product), kind).toBe('1000')
      expect(taken('12 345', product), kind).toBe('12345')
    }
    for (const product of [undefined, weighed]) {
      expect(taken(' 2.5 ', product)).toBe('2.5')
      expect(taken('12 345.5', product)).toBe('12345.5')
    }
    // A counted product takes no fraction, however it is written.
    for (const v of [' 2.5 ', '12 345.5', '1.0001']) expect(taken(v, counted), v).toBeNull()
  })

  it('refuses what is not a quantity rather than guess', () => {
    for (const product of [undefined, weighed, counted])
      for (const v of ['1,5', '2,50', '1 5', '10,00', ',100', 'abc', '0', '0.000', '-3', '1.23456', '']) expect(taken(v, product), `${v} (${product?.sku ?? 'unknown'})`).toBeNull()
  })

  it('refuses what an order refuses, by the same rule: a number too large for an order never gets into the cart', () => {
    const P = '0b7c6f1e-3f4a-4c1a-9a43-2f6a0e1b2c3d'
    const typed = ['99999999999', '1,000', '9999999999', '9999999999.9999', '10000000000', '0.00001', '0', '-1', 'abc', '1e3', '1,5', '2.5', '１２０', '12 345.5']
    for (const v of typed) {
      const order = cartLinesSchema.safeParse([{ productId: P, quantity: v }])
      const ordered = order.success ? order.data[0].quantity : null
      // Taken exactly when the order takes it, as the number the order reads.
      expect(taken(v), v).toBe(ordered)
      expect(taken(v, weighed), v).toBe(ordered)
      // A counted product: the order's rule and a whole number (the order refuses a fraction of one too).
      expect(taken(v, counted), v).toBe(ordered !== null && fitsUnit(ordered, true) ? ordered : null)
    }
    // Both ways occur in the list, or the property would hold of a reader that takes (or refuses) everything.
    expect(typed.filter((v) => taken(v) !== null).length).toBeGreaterThan(2)
    expect(typed.filter((v) => taken(v) === null).length).toBeGreaterThan(2)
    expect(taken('99999999999')).toBeNull()
  })

  it('says why, in words that fit the product', async () => {
    // A counted product's largest quantity is whole: naming 9,999,999,999.9999 would invite a fraction it refuses.
    expect(readQuantity('99999999999', counted)).toEqual({ ok: false, message: 'errors:number.tooLarge|{"max":"9,999,999,999"}' })
    for (const v of ['0', '-1', 'abc', '1e3', '']) {
      expect(readQuantity(v, counted), v).toEqual({ ok: false, message: 'orders:cart.wholeQuantity' })
      expect(readQuantity(v, weighed), v).toEqual({ ok: false, message: 'orders:cart.badQuantity' })
      expect(readQuantity(v), v).toEqual({ ok: false, message: 'orders:cart.badQuantity' })
    }
    expect(readQuantity('1.5', counted)).toEqual({ ok: false, message: 'catalog:errors.wholeUnits|{"sku":"AS-4002"}' })
    expect(readQuantity('1.23456', counted)).toEqual({ ok: false, message: 'catalog:errors.wholeUnits|{"sku":"AS-4002"}' })
    expect(readQuantity('1.23456', weighed)).toEqual({ ok: false, message: 'errors:number.decimals|{"max":4}' })
    expect(readQuantity('2.5', weighed)).toEqual({ ok: true, value: '2.5' })
    expect(readQuantity('1,000', counted)).toEqual({ ok: true, value: '1000' })
    // A decimal comma is no number to the app ("," groups thousands), but what it says fits what "." would have been told.
    for (const v of ['2,5', '2，5', ' 0,25 ']) expect(readQuantity(v, counted), v).toEqual({ ok: false, message: 'catalog:errors.wholeUnits|{"sku":"AS-4002"}' })
    expect(readQuantity('2,5', weighed)).toEqual({ ok: false, message: 'orders:cart.decimalComma|{"typed":"2,5","meant":"2.5"}' })
    expect(readQuantity('2,5')).toEqual({ ok: false, message: 'orders:cart.decimalComma|{"typed":"2,5","meant":"2.5"}' })
    for (const v of ['10,0', '1,2,3', '1.000,5', '0,0']) expect(readQuantity(v, counted), v).toEqual({ ok: false, message: 'orders:cart.wholeQuantity' })

    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'en' })
    const say = (lng: string, message: string) => i18n.getFixedT(lng)(...parseMessage(message))
    expect(say('en', 'orders:cart.wholeQuantity')).toBe('Enter a whole number of 1 or more.')
    expect(say('zh-CN', 'orders:cart.wholeQuantity')).toBe('请输入 1 或以上的整数。')
    const comma = readQuantity('2,5', weighed)
    expect(!comma.ok && say('en', comma.message)).toBe('“2,5” is not a number as the app writes them: write decimals with a point, 2.5 (a comma groups thousands, as in 1,000).')
    const tooLarge = readQuantity('99999999999', weighed)
    expect(!tooLarge.ok && say('en', tooLarge.message)).toBe('This is too large: the most accepted is 9,999,999,999.9999.')
  })
})
