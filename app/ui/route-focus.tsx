import { useLocation, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/** The heading a new page is read from: the main landmark's h1, else the landmark itself. */
function mainHeading(): HTMLElement | null {
  const main = document.querySelector<HTMLElement>('main')
  return main?.querySelector<HTMLElement>('h1') ?? main
}

/**
 * Client-side navigation is silent for a screen reader and leaves focus where it was (WCAG 2.4.3,
 * 4.1.3): on a new page focus moves to its h1, which reads its name. A navigation within the same page
 * (a sort, a filter, a form answered with a redirect to itself) leaves focus alone, unless the focused
 * control went away with the old content (the approve button of an order that is now approved), which
 * dropped the keyboard user on <body>. The first load is the browser's: nothing moves.
 */
export function useRouteFocus() {
  const location = useLocation()
  const navigation = useNavigation()
  const shown = useRef<{ key: string; pathname: string } | null>(null)
  // What had focus when the navigation left: the link pressed, which stays on screen (the nav).
  const from = useRef<Element | null>(null)
  useEffect(() => {
    if (navigation.state !== 'idle' && !from.current) from.current = document.activeElement
  }, [navigation.state])
  useEffect(() => {
    const before = shown.current
    shown.current = { key: location.key, pathname: location.pathname }
    const started = from.current
    from.current = null
    if (!before || before.key === location.key) return
    // A hash link inside the page (the skip link) takes focus where it points.
    if (location.hash) return
    const active = document.activeElement
    const lost = !active || active === document.body || !active.isConnected
    const newPage = before.pathname !== location.pathname
    // A new page that already put focus somewhere on purpose (an autofocused field) keeps it.
    if (newPage ? !lost && active !== started && document.querySelector('main')?.contains(active) : !lost) return
    const target = mainHeading()
    if (!target) return
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
    // Scroll is ScrollRestoration's: the top of a new page, the same place after a redirect to this one.
    target.focus({ preventScroll: true })
  }, [location.key, location.pathname, location.hash])
}
