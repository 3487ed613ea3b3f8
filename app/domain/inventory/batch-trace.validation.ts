// Client-safe: what the batch/serial trace pages read from their URLs, and the paths between them.
import type { ListParams } from '~/utils/list-params'
import { withoutNul } from '~/utils/list-params'
import { z } from '~/utils/validation'

/** A batch or serial number as the stock forms take one (inventory.validation's batchField). */
export const BATCH_MAX = 64
/** How many batches one search answers with: a list to pick from, not a report. */
export const BATCH_SEARCH_LIMIT = 50
/** How many rows each list of a trace page shows; the recall export has every shipment. */
export const TRACE_LIST_LIMIT = 200
/**
 * The most shipments one recall export holds (a lot shipped to more places is a report, not a recall list). The trace page
 * offers no download past it and says where the shipments are read instead; the export refuses it (422) for a direct call.
 */
export const TRACE_EXPORT_CAP = 50_000
export const PRODUCT_QUERY_MAX = 100

/** The search page's parameters, as DataTable reads them: one page of at most BATCH_SEARCH_LIMIT matches. */
export const batchSearchOptions = { sortable: ['batch'] as const, defaultSort: 'batch' as const, filters: ['product'] as const, pageSize: BATCH_SEARCH_LIMIT }
export type BatchSearchParams = ListParams<'batch'>

export const TRACE_PATH = '/console/inventory/trace'
/** Where the product picker of the search finds products (anyone who sees stock). */
export const TRACE_PRODUCT_OPTIONS_URL = `${TRACE_PATH}/products`

/** The trace of one batch or serial of a product: the batch travels in the query, where any character it holds is safe. */
export const tracePath = (productId: string, batch: string) => `${TRACE_PATH}/${productId}?${new URLSearchParams({ batch })}`
/** The trace search within one product, from the first characters `prefix` of its batches or serial numbers if given. */
export const traceSearchPath = (sku: string, prefix?: string) => `${TRACE_PATH}?${new URLSearchParams({ product: sku, ...(prefix ? { q: prefix } : {}) })}`
export const traceExportPath = (productId: string, batch: string, format: 'xlsx' | 'csv') => `${TRACE_PATH}/${productId}/export?${new URLSearchParams({ batch, format })}`

/** `?batch=` of a trace page or its export: as typed in a stock form (trimmed, at most BATCH_MAX), or null when absent or empty. */
export function batchParam(url: URL): string | null {
  const b = withoutNul(url.searchParams.get('batch') ?? '').trim()
  return b && b.length <= BATCH_MAX ? b : null
}

export const ProductQuerySchema = z.object({ q: z.string().max(PRODUCT_QUERY_MAX).default('') })

/**
 * LIKE pattern for "starts with" the typed text, lower-cased to compare without regard to case, the
 * wildcards in it taken literally.
 */
export function prefixPattern(q: string): string {
  return `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
