import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { supportedLocales } from '~/i18n/config'

// The audit log and the console home name each action in the reader's words (app/ui/audit-action.ts) and fall back to the
// recorded code when the locale lacks it, so a new action without a name shows as 'auction.closed' and nothing fails.
// This reads the actions the code records literally (action: 'x', or either side of a ternary there) and the ones built
// at run time, listed by hand below.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'locales' || e.name === 'node_modules' ? [] : sourceFiles(p)
    return /\.(ts|tsx)$/.test(e.name) ? [p] : []
  })
}

// advance-auctions.server.ts records `auction.${state.status}` for the clock's close: closed, or unsuccessful without bids.
const builtAtRunTime = ['auction.closed', 'auction.unsuccessful']

describe('audit action names', () => {
  const actions = new Set(builtAtRunTime)
  for (const file of ['app', 'db'].flatMap(sourceFiles)) {
    const src = fs.readFileSync(file, 'utf8')
    for (const m of src.matchAll(/\baction: ('[\w.]+'(?:\s*:\s*'[\w.]+')?|[\w.!]+ \? '[\w.]+' : '[\w.]+')/g)) for (const a of m[1].matchAll(/'([\w.]+)'/g)) actions.add(a[1])
  }

  it('finds the actions of the code', () => expect(actions.size).toBeGreaterThan(80))
  it.each([...supportedLocales])('each has a name in %s', (locale) => {
    const names = JSON.parse(fs.readFileSync(path.resolve('app/i18n/locales', locale, 'audit.json'), 'utf8')).actionNames as Record<string, string>
    expect([...actions].filter((a) => !names[a.replace(/\./g, '_')])).toEqual([])
  })
})
