import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireDealer } from '~/auth/guards.server'
import { orderListDownload } from '~/ui/orders/order-list-export.server'

// Only the session's dealer's orders, as on the list: nothing in the URL names a dealer.
export async function loader(args: LoaderFunctionArgs) {
  return orderListDownload(args, await requireDealer(args))
}
