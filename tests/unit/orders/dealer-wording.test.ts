// A dealer reads its own company called 贵公司, as the supplier pages call theirs and the dealer's own order
// pages do (贵公司的全部订单): the cart, the order list and the order PDF said 贵方参考号.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const zh = (ns: string) => JSON.parse(readFileSync(path.resolve(`app/i18n/locales/zh-CN/${ns}.json`), 'utf8'))
const strings = (o: unknown): string[] => (typeof o === 'string' ? [o] : Object.values(o as object).flatMap(strings))

describe('the Chinese a dealer reads about its orders', () => {
  const orders = zh('orders')

  it('calls the dealer 贵公司, never 贵方', () => {
    for (const text of strings(orders)) expect(text).not.toMatch(/贵方/)
  })

  it('names its reference with one word in the cart, the list and the PDF', () => {
    expect(orders.list.reference).toBe('贵公司参考号')
    expect(orders.pdf.reference).toBe(orders.list.reference)
    expect(orders.cart.reference).toBe(`${orders.list.reference}（采购单号）`)
  })
})
