import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { parseMessage } from '~/utils/validation'
import { addQuantities, readQuantity, useCart } from './cart-store'

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
  /** Counted goods: a fraction is refused here as the server would refuse it, and said so. */
  wholeUnits: boolean
  locale: string
  compact?: boolean
  addLabel?: string
}) {
  const { t } = useTranslation('orders')
  const { cart, add } = useCart()
  const [qty, setQty] = useState(minQty)
  const [added, setAdded] = useState(false)
  const inCart = cart.lines.find((l) => l.productId === productId)?.quantity
  // What the order would refuse is refused here, with its reason: the line it would add to included, as
  // the cart holds the sum (99999999999 once went in, and the whole cart then went unpriced).
  const read = readQuantity(qty, { sku, wholeUnits })
  const sum = read.ok && inCart ? readQuantity(addQuantities(inCart, read.value), { sku, wholeUnits }) : read
  const typed = read.ok && sum.ok ? read.value : null
  const problem = read.ok ? (sum.ok ? null : sum.message) : read.message
  const errorId = `atc-${productId}-error`
  return (
    <form
      // Wraps, the field and button kept whole: the "Added. In cart: N" beside them squeezed the button onto three lines.
      className={`flex flex-wrap items-center gap-1 ${compact ? '' : 'mt-3'}`}
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
        className="input w-20 shrink-0 py-1"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
        data-testid="add-to-cart-qty"
      />
      {/* Named with the product, the visible words first (WCAG 2.5.3): a list of 20 identical "Add to cart" buttons said nothing of which. */}
      <button
        type="submit"
        className="btn-secondary shrink-0 whitespace-nowrap px-2 py-1"
        disabled={!typed}
        aria-label={t('cart.addNamed', { label: addLabel ?? t('cart.add'), sku })}
        data-testid="add-to-cart"
      >
        {addLabel ?? t('cart.add')}
      </button>
      <span className="text-xs text-slate-500" aria-live="polite" data-testid="in-cart">
        {added ? t('cart.added') : ''} {inCart ? t('cart.inCart', { quantity: formatQuantity(inCart, locale) }) : ''}
      </span>
      {problem ? (
        <span id={errorId} className="text-xs text-rose-600" data-testid="add-to-cart-error">
          {t(...parseMessage(problem))}
        </span>
      ) : null}
    </form>
  )
}
