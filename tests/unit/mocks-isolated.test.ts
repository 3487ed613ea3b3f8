// vitest.config.ts runs test files in shared processes (isolate: false) except *.isolated.test.ts: a module mock in a
// shared process reaches other files' imports, or misses its own file's when another file evaluated the module first.
// The fuzz files' dialog mock and the recall export's cap mock both did, failing only in some orders of the files.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? testFiles(p) : /\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

describe('module mocks', () => {
  it('are only in files that run isolated', () => {
    const root = path.resolve(__dirname, '..')
    const files = testFiles(root)
    expect(files.length).toBeGreaterThan(100)
    const mocking = files.filter((f) => /\bvi\.(mock|doMock)\(/.test(fs.readFileSync(f, 'utf8')) && f !== __filename)
    expect(mocking.length, 'the isolated files still mock').toBeGreaterThan(0)
    expect(mocking.filter((f) => !/^integration\/.+\.isolated\.test\.ts$/.test(path.relative(root, f)))).toEqual([])
  })
})
