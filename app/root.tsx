import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import stylesheet from './tailwind.css?url'
import { resolveLocale } from './i18n/locale.server'
import { surfaceOfActor, homeOfSurface } from './auth/roles'
import { notificationSummary } from './domain/notifications/notifications.queries.server'
import { ProgressBar } from './ui/progress-bar'
import { Toaster } from './ui/toaster'
import { useRouteFocus } from './ui/route-focus'
import { SocketProvider } from './realtime/client'
import { useNonce } from './ui/nonce'
import { isServerUnreachable } from './utils/errors'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesheet }, { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }]

// Routes without a meta export of their own inherit this title.
export const meta: MetaFunction = () => [{ title: 'Caixiao · 采销' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await resolveLocale(request, context)
  const actor = context.actor
  const user = actor
    ? {
        name: actor.name,
        email: actor.email,
        kind: actor.kind,
        surface: surfaceOfActor(actor),
        home: homeOfSurface[surfaceOfActor(actor)],
        roles: [...actor.roles],
        timeZone: actor.timeZone,
      }
    : null
  const notifications = actor ? await notificationSummary(actor) : null
  // The session's token for high-value forms (ActionTokenField): in the page, as such tokens are.
  const actionToken = actor ? context.actionToken : null
  return data({ locale, user, notifications, actionToken }, { headers: { 'Cache-Control': 'no-store' } })
}

export type RootData = Awaited<ReturnType<typeof loader>>['data']

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root') as RootData | undefined
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData()
  const { i18n } = useTranslation()
  // Without root data (a URL no route matches) the language the server rendered in still holds:
  // a fixed fallback made the browser re-render an English 404 in Chinese, with hydration errors.
  const locale = root?.locale ?? (i18n.language === 'en' ? 'en' : 'zh-CN')
  useChangeLanguage(locale)
  const nonce = useNonce()
  return (
    <html lang={locale} dir={i18n.dir(locale)} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        <ProgressBar />
        {children}
        <Toaster />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const root = useRootData()
  // Effects run once React has hydrated the page: from here on clicks are the app's, which browser
  // tests wait for (a click before it is a plain link or a native form submission).
  useEffect(() => document.documentElement.setAttribute('data-hydrated', 'true'), [])
  useRouteFocus()
  return (
    <SocketProvider enabled={Boolean(root?.user)}>
      <Outlet />
    </SocketProvider>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  return <ErrorPage error={error} />
}

export function ErrorPage({ error }: { error: unknown }) {
  const { t } = useTranslation()
  const root = useRootData()
  const unreachable = isServerUnreachable(error)
  const home = (
    <a className={unreachable ? 'btn-secondary' : 'btn-primary'} href={root?.user?.home ?? '/login'} data-testid="error-home">
      {t('forbidden.home')}
    </a>
  )
  if (unreachable) return <UnreachablePage home={home} />
  const status = isRouteErrorResponse(error) ? error.status : 500
  const which = status === 403 ? 'forbidden' : status === 404 ? 'notFound' : 'error'
  if (status >= 500) console.error(error)
  // A partner's admin page refused to a plain user says so (guards.server.ts), not "another workspace".
  const adminOnly = status === 403 && isRouteErrorResponse(error) ? adminPageOf(error.data) : null
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-4 p-8 text-center" data-status={status} data-admin-only={adminOnly ?? undefined}>
      <p className="text-5xl font-bold text-indigo-600">{status}</p>
      <h1 className="text-2xl font-semibold">{t(adminOnly ? 'forbidden.adminOnlyTitle' : `${which}.title`)}</h1>
      <p className="text-slate-600">{t(adminOnly ? `forbidden.adminOnly.${adminOnly}` : which === 'forbidden' ? 'forbidden.body' : `${which}.body`)}</p>
      {home}
    </main>
  )
}

const adminPages = new Set(['colleagues', 'apiKeys'])

/** The admin page a 403 answer names (`{ adminOnly }`), only if it is one this page knows. */
function adminPageOf(data: unknown): string | null {
  const page = data && typeof data === 'object' ? (data as { adminOnly?: unknown }).adminOnly : null
  return typeof page === 'string' && adminPages.has(page) ? page : null
}

/**
 * A data request of a client-side navigation or form that got no answer from the app. A full load
 * would show the server's own 503 page in an outage, or the page itself once it is back: trying again
 * is a full load of where the user was going.
 */
function UnreachablePage({ home }: { home: ReactNode }) {
  const { t } = useTranslation()
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-4 p-8 text-center" data-status="unreachable">
      <h1 className="text-2xl font-semibold">{t('unreachable.title')}</h1>
      <p className="text-slate-600">{t('unreachable.body')}</p>
      <button type="button" className="btn-primary" data-testid="unreachable-retry" onClick={() => window.location.reload()}>
        {t('unreachable.retry')}
      </button>
      {home}
    </main>
  )
}
