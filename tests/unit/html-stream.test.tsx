import { PassThrough } from 'node:stream'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CoalescingStream, withoutViewPadding } from '~/entry.server'

/** Renders through React's pipeable stream, with or without our coalescing stream after it. */
function render(node: React.ReactNode, coalesce: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out = coalesce ? new CoalescingStream() : new PassThrough()
    const parts: Buffer[] = []
    out.on('data', (c: Buffer) => parts.push(c))
    out.on('end', () => resolve(Buffer.concat(parts)))
    out.on('error', reject)
    const { pipe } = renderToPipeableStream(node, { onAllReady: () => pipe(out), onError: reject })
  })
}

// Short strings, so React encodes them into its 2 KB views one by one; 3-byte characters at every
// offset make one of them straddle a view's end.
const page = (
  <ul>
    {Array.from({ length: 400 }, (_, i) => (
      <li key={i} title={`经销商 ${i}`}>
        压测经销商 {i}
      </li>
    ))}
  </ul>
)

describe('HTML stream', () => {
  it('React alone pads a view with zero bytes when a character does not fit (the bug this works around)', async () => {
    const raw = await render(page, false)
    expect(raw.includes(0)).toBe(true)
  })

  it('sends Chinese pages without NUL bytes and with every character intact', async () => {
    const html = await render(page, true)
    expect(html.includes(0)).toBe(false)
    const text = html.toString('utf8')
    expect(text).not.toContain('\uFFFD')
    for (let i = 0; i < 400; i++) expect(text).toContain(`title="经销商 ${i}">压测经销商 <!-- -->${i}</li>`)
  })

  it('trims only the padding of a full view: at most three trailing zeros, nothing else', () => {
    const view = Buffer.alloc(2048, 0x61)
    view.fill(0, 2046)
    expect(withoutViewPadding(view).length).toBe(2046)
    expect(withoutViewPadding(Buffer.alloc(2048, 0)).length).toBe(2045)
    const short = Buffer.from([0x61, 0, 0])
    expect(withoutViewPadding(short)).toBe(short)
    const full = Buffer.alloc(2048, 0x61)
    expect(withoutViewPadding(full)).toBe(full)
  })
})
