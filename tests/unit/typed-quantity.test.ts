import { describe, expect, it } from 'vitest'
import { typedQuantity } from '~/ui/orders/cart-store'

// What the cart reads from a typed quantity: exactly the number meant, or nothing (the order is then
// held with a message). A separator anywhere but between whole thousands is no thousands separator.
describe('a typed quantity', () => {
  it('reads plain numbers, whole groups of thousands and full-width digits', () => {
    expect(typedQuantity('25')).toBe('25')
    expect(typedQuantity(' 2.5 ')).toBe('2.5')
    expect(typedQuantity('1,000')).toBe('1000')
    expect(typedQuantity('12 345.5')).toBe('12345.5')
    expect(typedQuantity('１２０')).toBe('120')
    expect(typedQuantity('1，000')).toBe('1000')
  })

  it('refuses what is not a quantity rather than guess', () => {
    for (const v of ['1,5', '2,50', '1 5', '10,00', ',100', 'abc', '0', '0.000', '-3', '1.23456', '']) expect(typedQuantity(v), v).toBeNull()
  })
})
