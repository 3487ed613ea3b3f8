import * as DropdownMenu from '@radix-ui/react-dropdown-menu'
import { Link, NavLink, useLocation, useSubmit } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Surface } from '~/auth/roles'
import { useRootData } from '~/root'
import { initialsOf } from './initials'
import { NotificationBell } from './notification-bell'
import { LanguageSwitcher } from './language-switcher'

export interface NavItem {
  to: string
  label: string
  end?: boolean
}

const surfaceAccent: Record<Surface, string> = {
  console: 'bg-indigo-600',
  supplier: 'bg-emerald-600',
  dealer: 'bg-amber-500',
}

/** The frame every surface shares: header with bell, language and account; navigation; content. */
export function Shell({ surface, orgName, nav, children }: { surface: Surface; orgName: string; nav: NavItem[]; children: React.ReactNode }) {
  const { t } = useTranslation()
  const [menuOpen, setMenuOpen] = useState(false)
  const location = useLocation()
  const menuButton = useRef<HTMLButtonElement>(null)
  const navRef = useRef<HTMLElement>(null)
  const mainRef = useRef<HTMLElement>(null)
  useEffect(() => setMenuOpen(false), [location.pathname])
  // The phone menu covers the page: while it is open the page under it is inert, so Tab cannot land on a control
  // hidden beneath it (WCAG 2.4.11). Set on the element: React 18 does not pass `inert` through as a boolean.
  useEffect(() => {
    if (mainRef.current) mainRef.current.inert = menuOpen
  }, [menuOpen])
  // Widening past the phone breakpoint shows the side nav instead: a menu left "open" would keep the page inert.
  useEffect(() => {
    const wide = window.matchMedia('(min-width: 768px)')
    const close = () => wide.matches && setMenuOpen(false)
    wide.addEventListener('change', close)
    return () => wide.removeEventListener('change', close)
  }, [])
  const closeMenu = (refocus: boolean) => {
    setMenuOpen(false)
    if (refocus) menuButton.current?.focus()
  }
  // Escape closes the open menu wherever focus is: after a tap on the page's text or a link's blur focus sits on the body,
  // outside both the button and the menu, and their own key handlers never heard it.
  useEffect(() => {
    if (!menuOpen) return
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      setMenuOpen(false)
      menuButton.current?.focus()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [menuOpen])
  return (
    <div className="flex min-h-full flex-col" data-surface={surface}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t('nav.skipToContent')}
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="flex h-14 items-center gap-2 px-4 sm:gap-3">
          <button
            ref={menuButton}
            type="button"
            className="btn-ghost md:hidden"
            aria-expanded={menuOpen}
            aria-controls="surface-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span aria-hidden>☰</span>
            <span className="sr-only">{t('nav.menu')}</span>
          </button>
          {/* Left out on a phone, where its width goes to the organization's name. */}
          <span className={`hidden h-7 w-7 shrink-0 rounded-md ${surfaceAccent[surface]} place-items-center text-sm font-bold text-white sm:grid`} aria-hidden>
            采
          </span>
          {/* The name wraps to two lines (a phone left it 68 px: "Acme Ma…"); the phone menu shows it whole too. Balanced,
              as Chinese breaks between any two characters: "深圳明亮电子元件有限公" over a lone "司". */}
          <div className="flex min-w-0 flex-col leading-tight">
            <span className="truncate text-sm font-semibold">{t(`surface.${surface}`)}</span>
            <span className="line-clamp-2 break-words text-xs text-slate-500 [text-wrap:balance]" title={orgName} data-testid="org-name">
              {orgName}
            </span>
          </div>
          <div className="ml-auto flex items-center gap-1">
            <LanguageSwitcher />
            <NotificationBell />
            <UserMenu />
          </div>
        </div>
      </header>
      <div className="flex flex-1">
        {/* A tap on the dimmed page closes the menu: the page itself is inert while the menu is open. */}
        {menuOpen ? <div className="fixed inset-x-0 bottom-0 top-14 z-10 bg-slate-900/20 md:hidden" aria-hidden onClick={() => closeMenu(false)} /> : null}
        <nav
          ref={navRef}
          id="surface-nav"
          aria-label={t(`surface.${surface}`)}
          // On a phone the menu scrolls inside itself: taller than a small screen (the console's 18 links on a 375x667
          // phone), its last links were out of reach, as a fixed box does not scroll with the page.
          className={`${menuOpen ? 'block' : 'hidden'} fixed inset-x-0 top-14 z-20 max-h-[calc(100dvh-3.5rem)] overflow-y-auto overscroll-contain border-b border-slate-200 bg-white p-3 md:static md:block md:max-h-none md:w-56 md:shrink-0 md:overflow-visible md:border-b-0 md:border-r md:bg-transparent`}
          // Focus moving on to the header's controls leaves the menu: it closes rather than stay open over the page.
          onBlur={(e) => {
            const to = e.relatedTarget as Node | null
            if (menuOpen && to && !navRef.current?.contains(to) && to !== menuButton.current) setMenuOpen(false)
          }}
        >
          <p className="mb-2 border-b border-slate-100 px-3 pb-2 text-sm md:hidden" data-testid="menu-org-name">
            <span className="block font-semibold">{t(`surface.${surface}`)}</span>
            <span className="block break-words text-slate-600">{orgName}</span>
          </p>
          <ul className="flex flex-col gap-0.5">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  prefetch="intent"
                  className={({ isActive }) =>
                    `block rounded-md px-3 py-2 text-sm ${isActive ? 'bg-slate-900/5 font-medium text-slate-900' : 'text-slate-600 hover:bg-slate-100'}`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main ref={mainRef} id="main" className="min-w-0 flex-1 p-4 md:p-8" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  )
}

function UserMenu() {
  const { t } = useTranslation()
  const root = useRootData()
  const submit = useSubmit()
  const user = root?.user
  if (!user) return null
  const initials = initialsOf(user.name)
  return (
    <DropdownMenu.Root>
      {/* The name comes first, as shown: a voice user says what they see (WCAG 2.5.3). */}
      <DropdownMenu.Trigger className="btn-ghost" aria-label={t('userMenu.labelFor', { name: user.name })} data-testid="user-menu">
        {/* Hidden from the visible label too: read as text, the initials made it "ACAlice Chen", which the name does not start with. */}
        <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-slate-200 text-xs font-semibold">
          {initials}
        </span>
        <span className="hidden text-sm sm:inline">{user.name}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg">
          <DropdownMenu.Label className="px-3 py-2 text-xs text-slate-500">{t('userMenu.signedInAs', { email: user.email })}</DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <DropdownMenu.Item asChild className="cursor-pointer rounded px-3 py-2 outline-none data-[highlighted]:bg-slate-100">
            <Link to={`${user.home}/account`} data-testid="account-link">
              {t('account.menu')}
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item
            // The menu closes (and unmounts) on select, so the POST is sent from here, not from a nested form.
            onSelect={() => submit(null, { method: 'post', action: '/logout' })}
            className="cursor-pointer rounded px-3 py-2 outline-none data-[highlighted]:bg-slate-100"
            data-testid="sign-out"
          >
            {t('actions.signOut')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}

export function PageHeader({ title, actions, children }: { title: string; actions?: React.ReactNode; children?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="page-title">{title}</h1>
        {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  )
}
