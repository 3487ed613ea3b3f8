import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Node and each browser ship their own ICU, and name some zones differently (Asia/Urumqi, America/Vancouver): a zone
// name computed while rendering hydrates with other text than the server sent, and React throws the page away. Loaders
// name the zone once and pass the string down. The account page names zones only after hydration (in an effect).
const ALLOWED = new Set(['app/ui/account-page.tsx'])

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return tsxFiles(p)
    return p.endsWith('.tsx') && !p.endsWith('.server.tsx') ? [p] : []
  })
}

describe('time-zone names', () => {
  const roots = ['app', ...fs.readdirSync('.').filter((d) => d.startsWith('portal-'))]
  const files = roots.flatMap(tsxFiles)
  it('covers the components', () => expect(files.length).toBeGreaterThan(50))
  it('are not computed while rendering', () => {
    const offenders = files.filter((f) => !ALLOWED.has(f.split(path.sep).join('/')) && /\btimeZoneName\(/.test(fs.readFileSync(f, 'utf8').replace(/^.*export async function loader[\s\S]*?\n}\n/m, '')))
    expect(offenders).toEqual([])
  })
})
