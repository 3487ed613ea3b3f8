/**
 * Below `sm` a table reads as a card per row: a phone shows every cell without scrolling sideways,
 * and from `sm` up the table is as without these classes. The cells stay the same elements (their
 * test ids and state too): as a grid's items they are laid out as blocks, so they need no display
 * of their own. DataTable's `phoneCards` and the dealer's cart share them.
 */
export const phoneCard = {
  table: 'max-sm:block',
  body: 'max-sm:block',
  row: 'max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-4 max-sm:gap-y-1 max-sm:px-4 max-sm:py-3',
  // A card's cells start on the left of their grid column, numbers too: right-aligned they sat far from their labels.
  cell: 'max-sm:p-0 max-sm:text-left',
  /** The label shown above a cell in a card, where no column header stands over it. */
  label: 'text-xs text-slate-500 sm:hidden',
}
