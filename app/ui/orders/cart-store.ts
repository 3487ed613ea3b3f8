import { useCallback, useSyncExternalStore } from 'react'
import { useRootData } from '~/root'
import { fitsUnit } from '~/domain/catalog/catalog.rules'
import { ORDER_QUANTITY, refusalFor } from '~/domain/orders/order.validation'
import { isUuid } from '~/utils/uuid'
import { readDecimal, withParams } from '~/utils/validation'

// The dealer's cart lives in the browser, per signed-in user: product ids and quantities only.
// Prices, totals and availability are never stored here; the cart page asks the server for them.

export interface CartLine {
  productId: string
  quantity: string
}

export interface CartState {
  lines: CartLine[]
  warehouseId: string
}

const EMPTY: CartState = { lines: [], warehouseId: '' }
// The shape of a stored quantity only: one the order refuses (a cart kept from before the catalog read
// quantities by the order's rule) stays, for the cart page to name its line and say why.
const QTY_RE = /^\d{1,14}(\.\d{1,4})?$/
const MAX_LINES = 100
const listeners = new Set<() => void>()
const cache = new Map<string, { raw: string | null; state: CartState }>()

/** What the catalog and the cart know of a product when they read a quantity typed for it. */
export interface QuantityFor {
  sku: string
  /** Counted goods; null or absent while not known (the cart before its first price). */
  wholeUnits?: boolean | null
}

/**
 * A quantity as a person types it, read by the order's own rule (ORDER_QUANTITY through readDecimal: "1,000"
 * as the app writes it, full-width digits; "1,5" is no thousand), so the catalog and the cart take exactly
 * what an order takes. A refusal is one message that fits the product: a counted one wants a whole number
 * of 1 or more, "too large" and "too many decimals" name their limit.
 */
export function readQuantity(value: string, product?: QuantityFor): { ok: true; value: string } | { ok: false; message: string } {
  const read = readDecimal(value, ORDER_QUANTITY)
  const counted = product?.wholeUnits === true
  const fraction = () => ({ ok: false as const, message: withParams('catalog:errors.wholeUnits', { sku: product?.sku ?? '' }) })
  if (read.ok) return counted && !fitsUnit(read.value, true) ? fraction() : read
  if (read.message.startsWith('errors:number.tooLarge|')) return { ok: false, message: refusalFor(read.message, counted) }
  if (read.message.startsWith('errors:number.decimals|')) return counted ? fraction() : read
  // "2,5" is a decimal written with a comma, which the app reads as a thousands separator only ("2,500"): a counted
  // product is told what "2.5" tells it, anything else how the app writes the number meant.
  const comma = read.message === 'errors:number.invalid' && /^[^.．。]*$/.test(value) && /^[^,，]*[,，][^,，]*$/.test(value) ? readDecimal(value.replace(/[,，]/, '.'), ORDER_QUANTITY) : null
  if (comma?.ok) {
    if (!counted) return { ok: false, message: withParams('orders:cart.decimalComma', { typed: value.trim(), meant: comma.value }) }
    if (!fitsUnit(comma.value, true)) return fraction()
  }
  // Not a number, zero or negative: "above zero" alone would leave "abc" unexplained, and a counted product's "1.5 is no whole number" would not fit "-1".
  return { ok: false, message: counted ? 'orders:cart.wholeQuantity' : 'orders:cart.badQuantity' }
}

export const cartStorageKey = (user: string) => `caixiao:cart:${user}`
export const checkoutKeyStorageKey = (user: string) => `caixiao:checkout:${user}`

/** Whatever is stored is checked again: a tampered or outdated entry becomes a smaller, valid cart. */
function parse(raw: string | null): CartState {
  if (!raw) return EMPTY
  try {
    const v = JSON.parse(raw) as { lines?: unknown; warehouseId?: unknown }
    const lines = Array.isArray(v.lines)
      ? v.lines
          .filter((l): l is CartLine => !!l && isUuid(l.productId) && typeof l.quantity === 'string' && QTY_RE.test(l.quantity))
          .slice(0, MAX_LINES)
          .map((l) => ({ productId: l.productId, quantity: l.quantity }))
      : []
    const warehouseId = isUuid(v.warehouseId) ? v.warehouseId : ''
    return { lines, warehouseId }
  } catch {
    return EMPTY
  }
}

function read(user: string): CartState {
  if (typeof window === 'undefined') return EMPTY
  const raw = window.localStorage.getItem(cartStorageKey(user))
  const hit = cache.get(user)
  // The same object for the same stored text: useSyncExternalStore needs a stable snapshot.
  if (hit && hit.raw === raw) return hit.state
  const state = parse(raw)
  cache.set(user, { raw, state })
  return state
}

function write(user: string, state: CartState) {
  window.localStorage.setItem(cartStorageKey(user), JSON.stringify(state))
  // Any change to what would be ordered makes the next checkout a new one, with a new key.
  window.sessionStorage.removeItem(checkoutKeyStorageKey(user))
  for (const l of listeners) l()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  // Another tab of the same user changed the cart.
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith('caixiao:cart:')) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

/** Adds a decimal quantity string to another without floats (both are validated quantity strings). */
export function addQuantities(a: string, b: string): string {
  const scale = 4
  const toInt = (s: string) => {
    const [i, f = ''] = s.split('.')
    return BigInt(i) * 10n ** BigInt(scale) + BigInt((f + '0000').slice(0, scale))
  }
  const sum = toInt(a) + toInt(b)
  const whole = sum / 10n ** BigInt(scale)
  const frac = (sum % 10n ** BigInt(scale)).toString().padStart(scale, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : whole.toString()
}

/** 128 random bits; getRandomValues works outside secure contexts too (randomUUID does not). */
function randomKey() {
  const b = crypto.getRandomValues(new Uint8Array(16))
  return `co-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`
}

export function useCart() {
  const user = useRootData()?.user?.email ?? 'anonymous'
  const state = useSyncExternalStore(
    subscribe,
    () => read(user),
    () => EMPTY,
  )
  const set = useCallback((next: CartState) => write(user, next), [user])
  /**
   * Adds lines to what the cart holds (a product already there gets the quantities summed), e.g. a
   * past order's lines to order again. `warehouseId` is taken only by an empty cart: lines already
   * in it were chosen for its warehouse.
   */
  const addLines = useCallback(
    (adding: readonly CartLine[], warehouseId?: string) => {
      const cur = read(user)
      let lines = cur.lines
      for (const line of adding) {
        const { productId } = line
        const typed = readDecimal(line.quantity, ORDER_QUANTITY)
        if (!isUuid(productId) || !typed.ok) continue
        const quantity = typed.value
        lines = lines.some((l) => l.productId === productId)
          ? lines.map((l) => (l.productId === productId ? { ...l, quantity: addQuantities(l.quantity, quantity) } : l))
          : [...lines, { productId, quantity }]
      }
      const warehouse = cur.lines.length === 0 && isUuid(warehouseId) ? warehouseId : cur.warehouseId
      write(user, { lines: lines.slice(0, MAX_LINES), warehouseId: warehouse })
    },
    [user],
  )
  const add = useCallback((productId: string, quantity: string) => addLines([{ productId, quantity }]), [addLines])
  const setQuantity = useCallback(
    (productId: string, quantity: string) => {
      const cur = read(user)
      write(user, { ...cur, lines: cur.lines.map((l) => (l.productId === productId ? { ...l, quantity } : l)) })
    },
    [user],
  )
  const remove = useCallback(
    (productId: string) => {
      const cur = read(user)
      write(user, { ...cur, lines: cur.lines.filter((l) => l.productId !== productId) })
    },
    [user],
  )
  const setWarehouse = useCallback(
    (warehouseId: string) => {
      const cur = read(user)
      write(user, { ...cur, warehouseId })
    },
    [user],
  )
  const clear = useCallback(() => write(user, EMPTY), [user])
  /**
   * The idempotency key of this checkout: made once and kept (sessionStorage) across reloads,
   * resubmits and double clicks of the same order; what is ordered changing makes a new one, so an
   * edited cart is never refused as "same key, other body".
   */
  const checkoutKey = useCallback(
    (fingerprint: string) => {
      const k = checkoutKeyStorageKey(user)
      try {
        const stored = JSON.parse(window.sessionStorage.getItem(k) ?? 'null') as { fp?: string; key?: string } | null
        if (stored?.fp === fingerprint && typeof stored.key === 'string') return stored.key
      } catch {
        // A broken entry is replaced below.
      }
      const key = randomKey()
      window.sessionStorage.setItem(k, JSON.stringify({ fp: fingerprint, key }))
      return key
    },
    [user],
  )
  return { cart: state, user, add, addLines, setQuantity, remove, setWarehouse, clear, checkoutKey, set }
}
