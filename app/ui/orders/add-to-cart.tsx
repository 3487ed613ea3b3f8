import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { typedQuantity, useCart } from './cart-store'

/**
 * A quantity and "add to cart" on the catalog: only the product id and quantity go into the browser's cart.
 * A list passes `addLabel` translated once for all its rows rather than once per row.
 */
export function AddToCart({
  productId,
  sku,
  minQty = '1',
  wholeUnits,
  locale,
  compact,
  addLabel,
}: {
  productId: string
  sku: string
  minQty?: string
  /** Counted goods: a fraction is refused here as the server would refuse it. */
  wholeUnits: boolean
  locale: string
  compact?: boolean
  addLabel?: string
}) {
  const { t } = useTranslation('orders')
  const { cart, add } = useCart()
  const [qty, setQty] = useState(minQty)
  const [added, setAdded] = useState(false)
  const typed = typedQuantity(qty)
  const fraction = typed !== null && !fitsUnit(typed, wholeUnits)
  const valid = typed !== null && !fraction
  const inCart = cart.lines.find((l) => l.productId === productId)?.quantity
  return (
    <form
      className={`flex items-center gap-1 ${compact ? '' : 'mt-3'}`}
      data-testid="add-to-cart-form"
      data-sku={sku}
      onSubmit={(e) => {
        e.preventDefault()
        if (!typed) return
        add(productId, typed)
        setAdded(true)
      }}
    >
      <label htmlFor={`atc-${productId}`} className="sr-only">
        {t('cart.quantityFor', { sku })}
      </label>
      <input
        id={`atc-${productId}`}
        value={qty}
        onChange={(e) => {
          setQty(e.target.value)
          setAdded(false)
        }}
        inputMode={wholeUnits ? 'numeric' : 'decimal'}
        className="input w-20 py-1"
        aria-invalid={valid ? undefined : true}
        aria-describedby={fraction ? `atc-${productId}-whole` : undefined}
        data-testid="add-to-cart-qty"
      />
      <button type="submit" className="btn-secondary px-2 py-1" disabled={!valid} data-testid="add-to-cart">
        {addLabel ?? t('cart.add')}
      </button>
      <span className="text-xs text-slate-500" aria-live="polite" data-testid="in-cart">
        {added ? t('cart.added') : ''} {inCart ? t('cart.inCart', { quantity: formatQuantity(inCart, locale) }) : ''}
      </span>
      {fraction ? (
        <span id={`atc-${productId}-whole`} className="text-xs text-rose-600" data-testid="add-to-cart-whole">
          {t('catalog:errors.wholeUnits', { sku })}
        </span>
      ) : null}
    </form>
  )
}
