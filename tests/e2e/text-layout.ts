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
