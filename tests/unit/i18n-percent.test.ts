import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { namespaces } from '~/i18n/config'

const dir = path.resolve('app/i18n/locales')
const strings = (obj: unknown): string[] => (obj && typeof obj === 'object' ? Object.values(obj).flatMap(strings) : typeof obj === 'string' ? [obj] : [])

describe('a percentage in English', () => {
  // The count approvals' intro read "more than 5 % of the book quantity" and the service levels "95 %", where every
  // other English page (tax rates, 13%) and the Chinese ones write the sign against the number.
  it('writes the sign against its number', () => {
    for (const ns of namespaces) {
      const raw = strings(JSON.parse(fs.readFileSync(path.join(dir, 'en', `${ns}.json`), 'utf8')))
      expect(raw.filter((s) => /(\}\}|\d) %/.test(s)), ns).toEqual([])
    }
  })
})
