import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CodesWhole } from '~/ui/codes-whole'

describe('a sentence with its codes kept whole', () => {
  it('wraps each hyphenated code, and only the code, in a span that does not break', () => {
    expect(renderToStaticMarkup(<CodesWhole text="Shipment SHP-2026-000002 of your order SO-2026-000002 is on its way (JD, tracking JDVA209)." />)).toBe(
      'Shipment <span class="whitespace-nowrap">SHP-2026-000002</span> of your order <span class="whitespace-nowrap">SO-2026-000002</span> is on its way (JD, tracking JDVA209).',
    )
  })

  it('keeps a code whole inside a Chinese sentence without taking the characters around it', () => {
    expect(renderToStaticMarkup(<CodesWhole text="您的订单SO-2026-000002已发货，物料MT-2001。" />)).toBe('您的订单<span class="whitespace-nowrap">SO-2026-000002</span>已发货，物料<span class="whitespace-nowrap">MT-2001</span>。')
  })

  it('leaves a sentence without codes as it is (a dash with spaces around it is no code)', () => {
    expect(renderToStaticMarkup(<CodesWhole text="Nothing to keep - here — 没有编号。" />)).toBe('Nothing to keep - here — 没有编号。')
    expect(renderToStaticMarkup(<CodesWhole text="" />)).toBe('')
  })
})
