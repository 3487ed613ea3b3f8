import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { orderListDownload } from '~/ui/orders/order-list-export.server'

/** Resource route: the order list as a spreadsheet, with the list's own filters and sort, every matching order. */
export async function loader(args: LoaderFunctionArgs) {
  return orderListDownload(args, await requireStaff(args, 'orders.view'))
}
