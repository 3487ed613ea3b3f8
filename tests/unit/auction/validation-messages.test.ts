import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bidRejectionMessage } from '~/domain/auction/auction-bid.rules'
import { auctionStatuses, bidRejectionCodes, softCloseTriggers, visibilities } from '~/domain/auction/auction.rules'
import { AuctionSetupSchema, BidBodySchema, BidFormSchema, settingsFromSetup, SocketBidSchema, SurrogateBidSchema, VoidBidSchema } from '~/domain/auction/auction.validation'

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const form = {
  title: 'Steel coils Q1',
  lines: [{ description: 'Cold-rolled coil 1.2 mm', quantity: '120.5', unit: 't' }],
  participantIds: [uuid(1), uuid(2)],
  ceiling: '100000',
  decrementPercent: '0.5',
  startsAt: '2026-01-05T09:00:00+08:00',
  endsAt: '2026-01-05T10:00:00+08:00',
  hardStopAt: '2026-01-05T11:00:00+08:00',
}
const issues = (input: unknown) => {
  const r = AuctionSetupSchema.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)
}

describe('the set-up form', () => {
  it('fills the defaults of the spec and gives the rules their settings', () => {
    const r = AuctionSetupSchema.parse(form)
    expect(settingsFromSetup(r)).toEqual({
      currency: 'CNY',
      ceiling: '100000.00',
      reserve: null,
      lastPurchasePrice: null,
      decrement: { amount: null, percent: '0.5' },
      mustBeatBest: true,
      maxSingleDropPercent: '20',
      startsAt: '2026-01-05T01:00:00.000Z',
      endsAt: '2026-01-05T02:00:00.000Z',
      softClose: { windowSeconds: 180, extensionSeconds: 180, trigger: 'new_best', maxExtensions: 10, hardStopAt: '2026-01-05T03:00:00.000Z' },
      visibility: 'best',
      minParticipants: 2,
    })
  })

  it('reads an empty max-extensions field as unlimited, 0 as none, and leaves the default when absent', () => {
    expect(settingsFromSetup(AuctionSetupSchema.parse({ ...form, softCloseMaxExtensions: '' })).softClose.maxExtensions).toBeNull()
    expect(AuctionSetupSchema.parse({ ...form, softCloseMaxExtensions: null }).softCloseMaxExtensions).toBeNull()
    expect(AuctionSetupSchema.parse({ ...form, softCloseMaxExtensions: '3' }).softCloseMaxExtensions).toBe(3)
    expect(AuctionSetupSchema.safeParse({ ...form, softCloseMaxExtensions: '-1' }).success).toBe(false)
    expect(AuctionSetupSchema.parse({ ...form, softCloseMaxExtensions: '0' }).softCloseMaxExtensions).toBe(0)
  })

  it('checks the fields against each other', () => {
    expect(issues({ ...form, reserve: '100000.01' })).toEqual(['reserve:auction:validation.reserveAboveCeiling'])
    expect(issues({ ...form, reserve: '100000.00' })).toEqual([])
    expect(issues({ ...form, decrementPercent: undefined })).toEqual(['decrementAmount:auction:validation.decrementRequired'])
    expect(issues({ ...form, decrementAmount: '100000' })).toEqual(['decrementAmount:auction:validation.decrementTooLarge'])
    expect(issues({ ...form, endsAt: form.startsAt })).toEqual(['endsAt:auction:validation.endBeforeStart'])
    expect(issues({ ...form, hardStopAt: '2026-01-05T09:59:59+08:00' })).toEqual(['hardStopAt:auction:validation.hardStopBeforeEnd'])
    expect(issues({ ...form, hardStopAt: form.endsAt })).toEqual([])
    expect(issues({ ...form, minParticipants: 3 })).toEqual(['minParticipants:auction:validation.minParticipantsAboveInvited'])
  })

  it('reads set-up amounts as every number field does, saying what is wrong with each', () => {
    expect(AuctionSetupSchema.parse({ ...form, ceiling: '100,000', reserve: '９０，０００.5' })).toMatchObject({ ceiling: '100000.00', reserve: '90000.50' })
    expect(issues({ ...form, ceiling: '0' })).toEqual(['ceiling:errors:field.positive'])
    expect(issues({ ...form, ceiling: '12.345' })).toEqual(['ceiling:errors:number.decimals|{"max":2}'])
    expect(issues({ ...form, ceiling: '1,5' })).toEqual(['ceiling:errors:number.invalid'])
    expect(issues({ ...form, ceiling: '' })).toEqual(['ceiling:errors:field.required'])
    expect(issues({ ...form, ceiling: '99999999999999' })).toEqual(['ceiling:errors:number.tooLarge|{"max":"9,999,999,999,999.99"}'])
  })

  it('reads the optional last purchase price as the other amounts, above the ceiling too (the last price paid may be higher)', () => {
    expect(settingsFromSetup(AuctionSetupSchema.parse({ ...form, lastPurchasePrice: '104,500' })).lastPurchasePrice).toBe('104500.00')
    expect(AuctionSetupSchema.parse({ ...form, lastPurchasePrice: '' }).lastPurchasePrice).toBeUndefined()
    expect(issues({ ...form, lastPurchasePrice: '0' })).toEqual(['lastPurchasePrice:errors:field.positive'])
    expect(issues({ ...form, lastPurchasePrice: '12.345' })).toEqual(['lastPurchasePrice:errors:number.decimals|{"max":2}'])
    expect(issues({ ...form, lastPurchasePrice: '1,5' })).toEqual(['lastPurchasePrice:errors:number.invalid'])
  })

  it('refuses bad values with auction: keys', () => {
    expect(issues({ ...form, decrementPercent: '0' })).toEqual(['decrementPercent:auction:validation.decrementPercent'])
    expect(issues({ ...form, decrementPercent: '-1' })).toEqual(['decrementPercent:auction:validation.decrementPercent'])
    expect(issues({ ...form, maxSingleDropPercent: '100.01' })).toEqual(['maxSingleDropPercent:auction:validation.maxSingleDrop'])
    expect(issues({ ...form, startsAt: '2026-01-05T09:00' })).toEqual(['startsAt:auction:validation.instant'])
    expect(issues({ ...form, participantIds: [uuid(1), uuid(1)] })).toContain('participantIds:auction:validation.participantsDuplicate')
    expect(issues({ ...form, lines: [] })).toEqual(['lines:auction:validation.lines'])
    expect(issues({ ...form, softCloseTrigger: 'sometimes' })).toHaveLength(1)
  })

  it('is strict: unknown keys are refused, not ignored', () => {
    expect(issues({ ...form, status: 'running' })).toHaveLength(1)
    expect(issues({ ...form, lines: [{ ...form.lines[0], price: '1' }] })).toHaveLength(1)
  })
})

describe('bid input', () => {
  it('takes a decimal string, a confirmation and a client id', () => {
    expect(SocketBidSchema.parse({ auctionId: uuid(9), amount: '890.5', clientBidId: uuid(10) })).toEqual({ auctionId: uuid(9), amount: '890.5', confirm: false, clientBidId: uuid(10) })
    expect(BidBodySchema.parse({ amount: '890.50', confirm: true })).toEqual({ amount: '890.50', confirm: true })
  })
  it('reads a bid typed into a form as the room shows amounts; the socket protocol stays plain decimal text', () => {
    expect(BidFormSchema.parse({ amount: ' 98,900.50 ', clientBidId: uuid(10) }).amount).toBe('98900.50')
    expect(SurrogateBidSchema.parse({ amount: '98,900', clientBidId: uuid(10), orgId: uuid(1), reason: 'phoned in' }).amount).toBe('98900')
    // "1,5" is no 15: refused, not read as a bid ten times what was meant.
    expect(BidFormSchema.safeParse({ amount: '1,5', clientBidId: uuid(10) }).success).toBe(false)
    expect(SocketBidSchema.safeParse({ auctionId: uuid(9), amount: '98,900', clientBidId: uuid(10) }).success).toBe(false)
  })
  it('refuses numbers, junk, unknown keys and a missing client id', () => {
    for (const bad of [
      { auctionId: uuid(9), amount: 890.5, clientBidId: uuid(10) },
      { auctionId: uuid(9), amount: '1e3', clientBidId: uuid(10) },
      { auctionId: uuid(9), amount: '-1', clientBidId: uuid(10) },
      { auctionId: uuid(9), amount: '890', clientBidId: 'x' },
      { auctionId: uuid(9), amount: '890' },
      { auctionId: uuid(9), amount: '890', clientBidId: uuid(10), supplierId: uuid(1) },
      { auctionId: uuid(9), amount: '890', clientBidId: uuid(10), confirm: 'yes' },
    ])
      expect(SocketBidSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    expect(BidBodySchema.safeParse({ amount: '890', orgId: uuid(1) }).success).toBe(false)
    expect(VoidBidSchema.safeParse({ bidId: uuid(1), reason: ' ' }).success).toBe(false)
  })
})

describe('the auction namespace', () => {
  const load = (locale: string) => JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, 'auction.json'), 'utf8'))
  const get = (o: any, key: string) => key.replace(/^auction:/, '').split('.').reduce((x, p) => x?.[p], o)

  it.each(['en', 'zh-CN'])('%s has a message for every reason, state, visibility and trigger', (locale) => {
    const ns = load(locale)
    for (const code of bidRejectionCodes) {
      const m = bidRejectionMessage(code, '1.00', '1.00')
      const text = get(ns, m.key)
      expect(typeof text, m.key).toBe('string')
      for (const param of Object.keys(m.params)) expect(text).toContain(`{{${param}}}`)
      if (!['AUCTION_NOT_RUNNING', 'AUCTION_ENDED', 'NOT_A_PARTICIPANT', 'CONFIRMATION_REQUIRED'].includes(code))
        expect(typeof get(ns, bidRejectionMessage(code, null).key)).toBe('string')
    }
    for (const s of auctionStatuses) expect(typeof ns.status[s]).toBe('string')
    for (const v of visibilities) expect(typeof ns.visibility[v]).toBe('string')
    for (const tr of softCloseTriggers) expect(typeof ns.trigger[tr]).toBe('string')
  })

  it('has every validation key the schema can produce', () => {
    const src = fs.readFileSync(path.resolve('app/domain/auction/auction.validation.ts'), 'utf8')
    const keys = [...new Set([...src.matchAll(/'auction:(validation\.\w+)'/g)].map((m) => m[1]))]
    expect(keys.length).toBeGreaterThan(10)
    for (const locale of ['en', 'zh-CN']) for (const k of keys) expect(typeof get(load(locale), k), `${locale} ${k}`).toBe('string')
  })
})
