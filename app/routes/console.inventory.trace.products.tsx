import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { searchTraceProducts } from '~/domain/inventory/batch-trace.queries.server'
import { ProductQuerySchema } from '~/domain/inventory/batch-trace.validation'
import type { PartySearchReply } from '~/ui/parties/party-picker'
import { withoutNul } from '~/utils/list-params'

/** The trace search's product picker: products whose SKU or name contains `?q=`, for anyone who sees stock. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  const parsed = ProductQuerySchema.safeParse({ q: withoutNul(new URL(args.request.url).searchParams.get('q') ?? '') })
  // A Response, not data(): the picker's fetcher asks this resource route directly (see console.dealers.options).
  const headers = { 'Cache-Control': 'no-store' }
  if (!parsed.success) return Response.json({ error: 'bad_input' }, { status: 400, headers })
  const reply: PartySearchReply = { q: parsed.data.q, options: await searchTraceProducts(actor, parsed.data.q) }
  return Response.json(reply, { headers })
}
