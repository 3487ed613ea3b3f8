import { useCallback, useSyncExternalStore } from 'react'
import { useRootData } from '~/root'
import { plainNumber } from '~/utils/validation'

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
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const QTY_RE = /^\d{1,14}(\.\d{1,4})?$/
const MAX_LINES = 100
const listeners = new Set<() => void>()
const cache = new Map<string, { raw: string | null; state: CartState }>()

/**
 * A quantity as a person types it, as the cart stores it: read as every amount and quantity field reads one
 * (plainNumber: full-width digits and whole groups of thousands, "1,000"; "1,5" is no thousand), and
 * anything that is then no quantity, or zero, is null.
 */
export function typedQuantity(value: string): string | null {
  const plain = plainNumber(value)
  return QTY_RE.test(plain) && /[1-9]/.test(plain) ? plain : null
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
          .filter((l): l is CartLine => !!l && typeof l.productId === 'string' && UUID_RE.test(l.productId) && typeof l.quantity === 'string' && QTY_RE.test(l.quantity))
          .slice(0, MAX_LINES)
          .map((l) => ({ productId: l.productId, quantity: l.quantity }))
      : []
    const warehouseId = typeof v.warehouseId === 'string' && UUID_RE.test(v.warehouseId) ? v.warehouseId : ''
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
function addQuantities(a: string, b: string): string {
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
      for (const { productId, quantity } of adding) {
        if (!UUID_RE.test(productId) || !QTY_RE.test(quantity) || !/[1-9]/.test(quantity)) continue
        lines = lines.some((l) => l.productId === productId)
          ? lines.map((l) => (l.productId === productId ? { ...l, quantity: addQuantities(l.quantity, quantity) } : l))
          : [...lines, { productId, quantity }]
      }
      const warehouse = cur.lines.length === 0 && warehouseId && UUID_RE.test(warehouseId) ? warehouseId : cur.warehouseId
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
