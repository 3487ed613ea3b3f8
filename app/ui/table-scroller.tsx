import { useEffect, useRef, useState } from 'react'
// A wide table's horizontal scroller. A keyboard user scrolls a box only once it has focus, and a
// box of plain cells (no link, no button) never gets it: so the scroller is a tab stop itself, a
// named region, so that stop says what it is (WCAG 2.1.1, 4.1.2).
// Once the page runs, only while it has something to scroll: a table that fits (or reads as cards on a phone)
// would be a tab stop that does nothing. The server's HTML keeps the stop, as it cannot measure.
export function TableScroller({ label, labelledBy, className = '', children }: { label?: string; labelledBy?: string; className?: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrolls, setScrolls] = useState(true)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth + 1)
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    if (el.firstElementChild) observer.observe(el.firstElementChild)
    measure()
    return () => observer.disconnect()
  }, [])
  return (
    // relative: the scroller is the containing block of the cells' visually hidden labels (sr-only is
    // absolutely positioned); otherwise they sit outside it and widen the whole page on a phone.
    // The ring is drawn inside: a card around it (overflow-hidden) would clip one drawn outside.
    <div ref={ref} role="region" tabIndex={scrolls ? 0 : undefined} data-scrolls={scrolls ? 'yes' : 'no'} aria-label={labelledBy ? undefined : label} aria-labelledby={labelledBy} className={`relative overflow-x-auto focus-visible:ring-inset focus-visible:ring-offset-0 ${className}`}>
      {children}
    </div>
  )
}
