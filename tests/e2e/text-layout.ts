import path from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

/**
 * Every text inside the element as drawn: its characters and the lines it takes. Chinese may break
 * between any two characters, so a squeezed column shows as a word of two or three characters on two lines.
 */
export function renderedTexts(root: Locator) {
  return root.evaluate((el) => {
    const out: Array<{ text: string; lines: number; left: number; right: number }> = []
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim()
      if (!text) continue
      const range = document.createRange()
      range.selectNodeContents(n)
      const rects = [...range.getClientRects()].filter((r) => r.width > 0)
      const tops = new Set(rects.map((r) => Math.round(r.top)))
      if (tops.size) out.push({ text, lines: tops.size, left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)) })
    }
    return out
  })
}

/** The texts drawn on more than one line. */
export const wrapped = async (root: Locator) => (await renderedTexts(root)).filter((t) => t.lines > 1).map((t) => t.text)

/** Saves the signed-in user's language, as the language switcher does. */
export async function setLocale(page: Page, locale: 'en' | 'zh-CN') {
  const origin = new URL((await page.request.get('/healthz')).url()).origin
  const res = await page.request.post('/settings/locale', { form: { locale, redirectTo: '/' }, headers: { Origin: origin }, maxRedirects: 0 })
  expect(res.status()).toBeLessThan(400)
}

// The font the PDFs embed (app/pdf/fonts.server.ts), from the repository's own dependencies.
const notoSansSC = (weight: '400Regular' | '700Bold') => path.resolve(`node_modules/@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`)

/**
 * Draws Chinese as a phone does: in a CJK font (the app's stack names PingFang SC and Noto Sans SC), every character
 * one em wide. The test machine has none, and its fallback boxes are narrower, so a line that breaks on a phone
 * (a lone 司 under a company's name) fitted here. Call before the page's first navigation.
 */
export async function withChineseFont(page: Page) {
  for (const weight of ['400Regular', '700Bold'] as const) {
    await page.route(`**/__test-fonts/${weight}.ttf`, (route) => route.fulfill({ path: notoSansSC(weight), contentType: 'font/ttf' }))
  }
  const faces = (['400Regular', '700Bold'] as const)
    .map((w) => `@font-face{font-family:'Noto Sans SC';font-weight:${w.slice(0, 3)};src:url(/__test-fonts/${w}.ttf) format('truetype')}`)
    .join('')
    // First in the stack, for Latin too (near enough to a phone's system font): behind system-ui the test machine's
    // DejaVu drew the characters it lacks as boxes.
    .concat("*{font-family:'Noto Sans SC',sans-serif !important}")
  await page.addInitScript((css) => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style')
      style.textContent = css
      document.head.appendChild(style)
    })
  }, faces)
}

/** Waits until the Chinese font of withChineseFont is loaded and drawn. */
export async function chineseFontReady(page: Page) {
  await page.evaluate(() => Promise.all([document.fonts.load('400 16px "Noto Sans SC"', '中'), document.fonts.load('700 16px "Noto Sans SC"', '中')]))
  expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '中'))).toBe(true)
}

/** The element's text as drawn, one string per line (by each character's top). */
export function drawnLines(el: Locator) {
  return el.evaluate((root) => {
    const lines = new Map<number, string>()
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      for (let i = 0; i < n.length; i++) {
        const range = document.createRange()
        range.setStart(n, i)
        range.setEnd(n, i + 1)
        const rect = range.getClientRects()[0]
        if (!rect || !n.data[i].trim()) continue
        const top = Math.round(rect.top)
        lines.set(top, (lines.get(top) ?? '') + n.data[i])
      }
    }
    return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text)
  })
}
