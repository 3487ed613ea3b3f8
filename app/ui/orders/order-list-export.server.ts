import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import type { DealerActor, StaffActor } from '~/auth/roles'
import { exportOrderList } from '~/domain/orders/order-export.server'
import { consoleOrderListOptions, dealerOrderListOptions } from '~/domain/orders/order-list.validation'
import { exportFormatOf, plainTextRefusal, spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { DomainError } from '~/utils/errors'
import { parseListParams } from '~/utils/list-params'

/**
 * The console's or the dealer's order list as .xlsx (or .csv with `?format=csv`; another format is a 400), read from the
 * URL exactly as the list's page reads it. The download is audited before the file is sent; a list past the cap is a
 * 422 in words, with no row, as the recall export answers.
 */
export async function orderListDownload(args: LoaderFunctionArgs, actor: StaffActor | DealerActor): Promise<Response> {
  const url = new URL(args.request.url)
  const format = exportFormatOf(url, actor.locale)
  const params = parseListParams(url, actor.kind === 'dealer' ? dealerOrderListOptions : consoleOrderListOptions)
  try {
    const file = await exportOrderList(actor, params, format)
    await recordDownload(
      { actor, ip: args.context.ip },
      { action: 'sales_orders.exported', entityType: 'sales_order', after: { format, q: params.q, filters: params.filters, sort: params.sort, dir: params.dir, rows: file.rows } },
    )
    return spreadsheetResponse(file)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'unprocessable') throw await plainTextRefusal(actor.locale, err.messageKey, 422)
    throw err
  }
}
