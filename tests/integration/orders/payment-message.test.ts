// The refusal of a payment larger than what is receivable names that amount as the rest of the app
// shows money (currency, thousands separators, in the reader's language), not as "35295.60".
import { describe, expect, it } from 'vitest'
import { pickOrder } from '~/domain/orders/pick-order.server'
import { recordPayment } from '~/domain/orders/record-payment.server'
import { shipOrder } from '~/domain/orders/ship-order.server'
import { fixedT } from '~/i18n/i18next.server'
import { DomainError } from '~/utils/errors'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { dealer, linesOf, order } from './helpers'

useTestDatabase({ seed: true })

describe('a payment over the receivable', () => {
  it('is refused with the receivable as money, in the reader’s language, on the message and on the amount field', async () => {
    const dave = await dealer('dave@north.test')
    const wh = await actorFor('warehouse@acme.test')
    const finance = await actorFor('finance@acme.test')
    const r = await order(dave, 'SH-MAIN', [['MT-2003', '100']]) // 33.60 × 100 = 3,360.00 + 436.80 tax
    await pickOrder(wh, r.order.id)
    const [line] = await linesOf(r.order.id)
    await shipOrder(wh, r.order.id, { carrier: 'ZTO', trackingNumber: 'ZT9', lines: [{ orderLineId: line.id, quantity: '100' }] })
    const refusal = async (locale: 'en' | 'zh-CN') => {
      const e = await recordPayment({ ...finance, locale }, r.order.id, { amount: '3796.81' }).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(DomainError)
      const err = e as DomainError
      expect(err.code).toBe('unprocessable')
      expect(err.fieldErrors?.amount).toEqual([err.messageKey])
      const [key, params] = parseMessage(err.messageKey)
      return (await fixedT(locale, 'orders'))(key, params)
    }
    expect(await refusal('en')).toBe('The payment exceeds the amount receivable (CN¥3,796.80).')
    expect(await refusal('zh-CN')).toBe('收款金额超过应收金额（¥3,796.80）。')
    // Exactly the receivable is accepted.
    expect((await recordPayment(finance, r.order.id, { amount: '3796.80' })).receivable).toBe('0.00')
  })
})
