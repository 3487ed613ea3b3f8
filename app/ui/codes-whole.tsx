import { Fragment } from 'react'

/** A document number, SKU or tracking code: Latin letters and digits joined by hyphens (SO-2026-000002, MT-2001). */
const HYPHENATED_CODE = /[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g

/**
 * A sentence whose hyphenated codes never break at a hyphen: browsers wrap after "-", which split
 * "SO-2026-" from "000002" across lines in the bell. Only the code is kept whole (a Chinese sentence has
 * no spaces to wrap at, so keeping more would run off the edge), and the text stays as typed for copying.
 */
export function CodesWhole({ text }: { text: string }) {
  const parts: React.ReactNode[] = []
  let last = 0
  for (const m of text.matchAll(HYPHENATED_CODE)) {
    if (m.index > last) parts.push(text.slice(last, m.index))
    parts.push(
      <span key={m.index} className="whitespace-nowrap">
        {m[0]}
      </span>,
    )
    last = m.index + m[0].length
  }
  if (last < text.length) parts.push(text.slice(last))
  return <Fragment>{parts}</Fragment>
}
