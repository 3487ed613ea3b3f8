import { createRequire } from 'node:module'
import { Font } from '@react-pdf/renderer'
import { PDF_FONT } from './document-layout'

const require = createRequire(import.meta.url)
let registered = false

/**
 * Splits Chinese runs into characters with empty parts between them, which the line breaker reads as
 * free break points. A run of anything else inside such a word ("的报价¥9,400.00·原因") stays whole: an
 * amount broken as "¥9 / 9,000.00" reads as two numbers.
 */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/
const CJK_PARTS = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+/g
export function cjkBreaks(word: string): string[] {
  if (!CJK.test(word)) return [word]
  return (word.match(CJK_PARTS) ?? []).flatMap((part) => [part, ''])
}

/**
 * Registers Noto Sans SC (regular and bold) from the npm package's TTFs, resolved from
 * node_modules at run time so the production build finds them too. The PDF embeds only the
 * glyphs it uses.
 */
export function registerPdfFonts() {
  if (registered) return
  Font.register({
    family: PDF_FONT,
    fonts: [
      { src: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'), fontWeight: 400 },
      { src: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'), fontWeight: 700 },
    ],
  })
  // Chinese has no spaces to break at; without this a long name would run out of its column.
  Font.registerHyphenationCallback(cjkBreaks)
  registered = true
}
