// A wide table's horizontal scroller. A keyboard user scrolls a box only once it has focus, and a
// box of plain cells (no link, no button) never gets it: so the scroller is a tab stop itself, a
// named region, so that stop says what it is (WCAG 2.1.1, 4.1.2).
export function TableScroller({ label, labelledBy, className = '', children }: { label?: string; labelledBy?: string; className?: string; children: React.ReactNode }) {
  return (
    // relative: the scroller is the containing block of the cells' visually hidden labels (sr-only is
    // absolutely positioned); otherwise they sit outside it and widen the whole page on a phone.
    // The ring is drawn inside: a card around it (overflow-hidden) would clip one drawn outside.
    <div role="region" tabIndex={0} aria-label={labelledBy ? undefined : label} aria-labelledby={labelledBy} className={`relative overflow-x-auto focus-visible:ring-inset focus-visible:ring-offset-0 ${className}`}>
      {children}
    </div>
  )
}
