import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The rules and schemas are imported by route components and the bid room: they must stay free of
// I/O and server-only modules, or the client bundle breaks (or, worse, carries server code).
const dir = path.resolve('app/domain/auction')
const ALLOWED = /^(\.\/auction[\w.-]*\.(rules|validation)|~\/utils\/(money|canonical-json|validation)|zod)$/

describe('auction rules are client-safe', () => {
  const files = fs.readdirSync(dir).filter((f) => /\.(rules|validation)\.ts$/.test(f))
  it('covers the rule files', () => expect(files.length).toBeGreaterThanOrEqual(6))
  it.each(files)('%s imports only rules, schemas and pure utilities', (f) => {
    const src = fs.readFileSync(path.join(dir, f), 'utf8')
    const specifiers = [...src.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1])
    expect(specifiers.filter((s) => !ALLOWED.test(s))).toEqual([])
    expect(src).not.toMatch(/\b(Date\.now|new Date\(\)|Math\.random|process\.)/)
  })
})
