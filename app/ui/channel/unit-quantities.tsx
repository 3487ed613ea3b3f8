import type { UnitTotal } from '~/domain/channel/channel.rules'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { unitName } from '~/i18n/units'

/**
 * A figure per unit, one to a line ("13,173 件", "12 套"): quantities of different units are never
 * added up, so a total shows one line when one unit is in play and a line per unit otherwise.
 * `testId` marks each number (without its unit).
 */
export function UnitQuantities({ totals, field, locale, testId, align = 'end' }: { totals: readonly UnitTotal[]; field: 'onHand' | 'sold'; locale: string; testId: string; align?: 'start' | 'end' }) {
  if (!totals.length) return <span data-testid={testId}>{formatQuantity('0', locale)}</span>
  return (
    <span className={`inline-flex flex-col ${align === 'end' ? 'items-end' : 'items-start'}`}>
      {totals.map((t) => (
        <span key={t.unit} className="whitespace-nowrap" data-unit={t.unit}>
          <span data-testid={testId}>{formatQuantity(t[field], locale)}</span> {unitName(t.unit, locale, t[field])}
        </span>
      ))}
    </span>
  )
}
