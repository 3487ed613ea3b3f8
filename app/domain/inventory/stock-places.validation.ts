// Client-safe: the product stock page's lookup of the batches or serial numbers at one place (a warehouse and a bin),
// which its balances' disclosure and its stock forms ask as the user picks a place or types.
import { withoutNul } from '~/utils/list-params'
import { wholeNumber, z } from '~/utils/validation'
import { BATCH_MAX } from './batch-trace.validation'

/** The most rows one lookup answers with: a serial-tracked product holds hundreds at a place, a list to pick from holds a page. */
export const PLACE_LOOKUP_LIMIT = 50

/** What the lookup counts as being there: stock on hand (a count, the balances), or available to move (on hand − reserved). */
export const placeLookupStock = ['onHand', 'available'] as const
export type PlaceLookupStock = (typeof placeLookupStock)[number]

export const PlaceLookupSchema = z
  .object({
    warehouse: z.uuid(),
    /** Empty: the stock in the warehouse outside any bin. */
    bin: z.union([z.literal(''), z.uuid()]).default(''),
    /** The first characters of the batch or serial number, any case. */
    q: z.string().trim().max(BATCH_MAX).default(''),
    stock: z.enum(placeLookupStock).default('onHand'),
    offset: wholeNumber().pipe(z.number().max(1_000_000)).default(0),
    limit: wholeNumber().pipe(z.number().min(1).max(PLACE_LOOKUP_LIMIT)).default(PLACE_LOOKUP_LIMIT),
  })
  .strict()
export type PlaceLookup = z.output<typeof PlaceLookupSchema>

/** One line of the balances: a batch at a place, the stock at a place without a batch, or a place's serial numbers together. */
export interface StockPlace {
  warehouseId: string
  warehouseCode: string
  binId: string | null
  binCode: string | null
  /** The batch of a batch's line; null for stock without one and for a place's serial numbers. */
  batch: string | null
  /** A serial-tracked product's serial numbers at the place: how many there are (one unit each); null on other lines. */
  serials: number | null
  onHand: string
  reserved: string
  available: string
}

/** One batch or serial number at the place, with its figures (decimal strings). */
export interface PlaceBatch {
  batch: string
  onHand: string
  reserved: string
  available: string
}

/** The lookup's answer: the request as read (so a late answer for another place or prefix is told apart), a page of rows, and how many match in all. */
export interface PlaceLookupReply extends PlaceLookup {
  rows: PlaceBatch[]
  total: number
}

export const placeLookupEndpoint = (productId: string) => `/console/inventory/${productId}/at-place`

/** The lookup's URL for these parameters, defaults left out. */
export function placeLookupUrl(endpoint: string, p: Partial<PlaceLookup> & { warehouse: string }): string {
  const sp = new URLSearchParams({ warehouse: p.warehouse })
  if (p.bin) sp.set('bin', p.bin)
  if (p.q) sp.set('q', p.q)
  if (p.stock && p.stock !== 'onHand') sp.set('stock', p.stock)
  if (p.offset) sp.set('offset', String(p.offset))
  if (p.limit && p.limit !== PLACE_LOOKUP_LIMIT) sp.set('limit', String(p.limit))
  return `${endpoint}?${sp}`
}

/** The lookup's parameters from its URL; unknown parameters are refused (strict), as a form's are. */
export function parsePlaceLookup(url: URL) {
  return PlaceLookupSchema.safeParse(Object.fromEntries([...url.searchParams].map(([k, v]) => [k, withoutNul(v)])))
}

/** Whether an answer is the one for these parameters (a fetcher keeps the last answer while the next is on its way). */
export function answers(reply: PlaceLookupReply | undefined, p: PlaceLookup): reply is PlaceLookupReply {
  return !!reply && reply.warehouse === p.warehouse && reply.bin === p.bin && reply.q === p.q && reply.stock === p.stock && reply.offset === p.offset && reply.limit === p.limit
}
