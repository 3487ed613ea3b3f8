import type { ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import type { Locale } from '~/i18n/config'
import { renderI18n } from '~/i18n/i18next.server'

/**
 * A route module's page as the server renders it, from loader data a test got by calling the
 * route's loader: passed through JSON as on the wire, under a data router (for useLoaderData,
 * Link and Form) and the locale's i18n instance. Returns the HTML.
 */
export async function renderRoute(Component: ComponentType, loaderData: unknown, locale: Locale, url = '/'): Promise<string> {
  const data = JSON.parse(JSON.stringify(loaderData))
  const handler = createStaticHandler([{ id: 'page', path: '*', Component, loader: () => data }])
  const context = await handler.query(new Request(new URL(url, 'http://localhost')))
  if (context instanceof Response) throw new Error(`the page answered ${context.status}`)
  const router = createStaticRouter(handler.dataRoutes, context)
  return renderToString(
    <I18nextProvider i18n={await renderI18n(locale)}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </I18nextProvider>,
  )
}

/**
 * The text of every element carrying data-testid="id", in order, tags stripped and entities decoded.
 * Up to its own closing tag, past elements of its kind nested in it (a span of spans).
 */
export function textsByTestId(html: string, id: string): string[] {
  const out: string[] = []
  const re = new RegExp(`<(\\w+)[^>]*data-testid="${id}"[^>]*>`, 'g')
  for (const m of html.matchAll(re)) {
    const tag = new RegExp(`<(/?)${m[1]}\\b[^>]*?(/?)>`, 'g')
    tag.lastIndex = m.index + m[0].length
    let depth = 1
    let end = html.length
    for (let t = tag.exec(html); t; t = tag.exec(html)) {
      if (t[2]) continue
      depth += t[1] ? -1 : 1
      if (!depth) {
        end = t.index
        break
      }
    }
    out.push(decode(html.slice(m.index + m[0].length, end).replace(/<!-- -->/g, '').replace(/<[^>]+>/g, '')).trim())
  }
  return out
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&')
}
