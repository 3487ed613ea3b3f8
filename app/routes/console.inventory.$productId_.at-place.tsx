import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { batchesAtPlace, lookupProduct } from '~/domain/inventory/stock-places.queries.server'
import { parsePlaceLookup, type PlaceLookupReply } from '~/domain/inventory/stock-places.validation'

/**
 * The batches or serial numbers of a product at one place (`?warehouse=&bin=`), by their first characters (`q`), a page
 * at a time: what the stock page's balances show on demand and its forms suggest, for anyone who sees the stock page.
 */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  // A Response, not data(): the page's fetchers ask this resource route directly (see console.inventory.trace.products).
  const headers = { 'Cache-Control': 'no-store' }
  const parsed = parsePlaceLookup(new URL(args.request.url))
  if (!parsed.success) return Response.json({ error: 'bad_input' }, { status: 400, headers })
  const product = await lookupProduct(actor, args.params.productId ?? '')
  if (!product) return Response.json({ error: 'not_found' }, { status: 404, headers })
  const found = await batchesAtPlace(actor, product.id, parsed.data)
  const reply: PlaceLookupReply = { ...parsed.data, ...found }
  return Response.json(reply, { headers })
}
