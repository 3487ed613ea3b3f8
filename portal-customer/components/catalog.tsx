// Pieces of the dealer catalog shared by the list and the product page. Client-safe: rules, i18n,
// the realtime hook — no server code.
import { useTranslation } from 'react-i18next'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { formatUnitPrice } from '~/domain/sales/pricing.rules'
import { unitName } from '~/i18n/units'
import { useRevalidateOn } from '~/realtime/client'

export interface PriceView {
  currency: string
  unitPrice: string
  minQty: string
  breaks: Array<{ minQty: string; unitPrice: string }>
}

export interface AvailabilityView {
  warehouseCode: string
  warehouseNameEn: string
  warehouseNameZh: string
  available: string
}

/** Delay after the first event of a burst before refetching: one reload for an import of many moves. */
const REVALIDATE_DEBOUNCE_MS = 300

/**
 * Refetches the page's loader when stock or a price of a product on screen changes, or the dealer's terms do.
 * The events carry ids only; the new numbers come through the loader, scoped to this dealer like the
 * first load.
 */
export function useCatalogRevalidation(productIds: readonly string[]) {
  const onScreen = new Set(productIds)
  useRevalidateOn('stock:changed', ({ productIds: changed }) => changed.some((id) => onScreen.has(id)), REVALIDATE_DEBOUNCE_MS)
  // The dealer's own terms only reach its room: a new price tier reprices every row.
  useRevalidateOn('dealer:termsChanged', undefined, REVALIDATE_DEBOUNCE_MS)
  // Only the dealers a list prices hear of its edits; null is the whole list (its dates, tier or currency).
  useRevalidateOn('prices:changed', ({ productIds: changed }) => !changed || changed.some((id) => onScreen.has(id)), REVALIDATE_DEBOUNCE_MS)
}

/**
 * The catalog's fixed words, translated once per page: a list of 20 rows otherwise asked i18next
 * for the same words in every row, one of the larger costs of rendering it.
 */
export function useCatalogLabels() {
  const { t } = useTranslation('sales')
  return { priceOnRequest: t('catalog.priceOnRequest'), breaks: t('catalog.breaks'), total: t('catalog.total') }
}

export type CatalogLabels = ReturnType<typeof useCatalogLabels>

export function PriceText({ price, unit, locale, labels }: { price: PriceView | null; unit: string; locale: string; labels: CatalogLabels }) {
  if (!price) return <span className="text-slate-500" data-testid="price-on-request">{labels.priceOnRequest}</span>
  return (
    <span data-testid="unit-price" className="tabular-nums">
      {formatUnitPrice(price.unitPrice, price.currency, locale)}
      <span className="text-xs text-slate-500">{` / ${unit}`}</span>
    </span>
  )
}

/**
 * The volume ladder after the entry price: "阶梯价：≥100 件 ¥8.00，≥500 件 ¥7.50" / "Volume prices: ≥100 pcs ¥8.00, ≥500 pcs ¥7.50",
 * with Chinese punctuation in Chinese; nothing when there is a single price.
 */
export function BreaksText({ price, unit, locale, labels }: { price: PriceView | null; unit: string; locale: string; labels: CatalogLabels }) {
  if (!price || price.breaks.length < 2) return null
  const steps = price.breaks.slice(1)
  const en = locale === 'en'
  return (
    <div className="text-xs text-slate-600" data-testid="price-breaks">
      {en ? `${labels.breaks} ` : labels.breaks}
      {steps.map((b, i) => (
        // A step stays whole, lines break between steps: it broke between its quantity and its price (≥500 件 / ¥0.252) on a 1280-pixel screen.
        <span key={b.minQty} className="whitespace-nowrap" data-testid="price-break" data-min-qty={b.minQty}>
          {`≥${formatQuantity(b.minQty, locale)} ${unitName(unit, locale, b.minQty)} ${formatUnitPrice(b.unitPrice, price.currency, locale)}${i < steps.length - 1 ? (en ? ', ' : '，') : ''}`}
        </span>
      ))}
    </div>
  )
}

/** Available to promise per warehouse, then the total. */
export function AvailabilityText({ availability, total, locale, labels }: { availability: AvailabilityView[]; total: string; locale: string; labels: CatalogLabels }) {
  const en = locale === 'en'
  return (
    <div className="space-y-0.5 text-sm">
      {availability.map((a) => (
        <div key={a.warehouseCode} className="flex justify-between gap-3" data-testid="atp" data-warehouse={a.warehouseCode}>
          <span className="text-slate-600" title={en ? a.warehouseNameEn : a.warehouseNameZh}>
            {a.warehouseCode}
          </span>
          <span className="tabular-nums" data-testid="atp-qty">
            {formatQuantity(a.available, locale)}
          </span>
        </div>
      ))}
      <div className="flex justify-between gap-3 border-t border-slate-100 font-medium">
        <span>{labels.total}</span>
        <span className="tabular-nums" data-testid="atp-total">
          {formatQuantity(total, locale)}
        </span>
      </div>
    </div>
  )
}
