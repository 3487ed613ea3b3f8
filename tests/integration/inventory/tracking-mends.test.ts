// Mends found reading the batch and serial tracking (commit 4106750): each test here failed before its fix.
import { describe, expect, it } from 'vitest'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { parseMessage } from '~/utils/validation'
import { actorFor } from '../../support/actors'
import { useTestDatabase } from '../../support/db'
import { refusal } from '../../support/errors'
import { productId, warehouseId } from './helpers'

useTestDatabase({ seed: true })

const warehouse = () => actorFor('warehouse@acme.test')
const fieldMessages = (err: { fieldErrors?: Record<string, string[]> }, field: string) => (err.fieldErrors?.[field] ?? []).map((m) => parseMessage(m))

describe('a serial list', () => {
  it('refuses a long token that looks like a range at once, before the range pattern reads it', async () => {
    const wh = await warehouse()
    const p = await productId('EL-1004')
    const sh = await warehouseId('SH-MAIN')
    // Within the form's 100,000 characters: the range pattern backtracked over the digits for about 16 seconds, the
    // server answering nobody meanwhile.
    const serials = `0..${'1'.repeat(99_990)}x`
    const started = performance.now()
    const err = await refusal(adjustStock(wh, { productId: p, warehouseId: sh, binId: null, batch: null, serials, quantity: '1', reason: 'receipt' }))
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(fieldMessages(err, 'serials')).toEqual([['inventory:errors.serialTooLong', { serial: `${serials.slice(0, 20)}…`, max: 64 }]])
  })
})
