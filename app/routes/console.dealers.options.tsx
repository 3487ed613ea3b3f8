import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { DEALER_QUERY_MAX } from '~/domain/orders/order-list.validation'
import { searchDealers } from '~/domain/orders/orders.queries.server'
import type { PartySearchReply } from '~/ui/parties/party-picker'
import { withoutNul } from '~/utils/list-params'
import { z } from '~/utils/validation'

const DealerQuerySchema = z.object({ q: z.string().max(DEALER_QUERY_MAX).default('') })

/**
 * The dealer picker's matches (`?q=` code or name). It serves the order list's filter, so it asks
 * for what that list asks for: orders.view.
 */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'orders.view')
  const parsed = DealerQuerySchema.safeParse({ q: withoutNul(new URL(args.request.url).searchParams.get('q') ?? '') })
  // A Response, not data(): the fetcher asks this resource route directly, where single fetch
  // would drop data()'s status and React Router 7 takes no bare objects.
  const headers = { 'Cache-Control': 'no-store' }
  if (!parsed.success) return Response.json({ error: 'bad_input' }, { status: 400, headers })
  const reply: PartySearchReply = { q: parsed.data.q, options: await searchDealers(actor, parsed.data.q) }
  return Response.json(reply, { headers })
}
