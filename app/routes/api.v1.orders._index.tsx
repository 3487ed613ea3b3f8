// POST /api/v1/orders {warehouseId, lines:[{productId, quantity}], dealerReference?, shipTo?, note?, expectedTotal?}
// with an Idempotency-Key header: the dealer's order, through the same command as the cart page
// (prices, credit and stock decided on the server; unknown fields such as a price are refused).
// 201 with the order, 200 when the key was seen before with the same body (the stored order),
// 422 when the key was used for another body, 409 when expectedTotal is not what the order prices to now. GET lists the dealer's own orders.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { dealerOrderListOptions } from '~/domain/orders/order-list.validation'
import { listDealerOrders } from '~/domain/orders/orders.queries.server'
import { parseListParams } from '~/utils/list-params'
import { submitOrder } from '~/domain/orders/submit-order.server'
import { idempotencyKeySchema } from '~/domain/orders/order.validation'
import { hasApiScope } from '~/auth/api-keys.server'
import { resolveLocale } from '~/i18n/locale.server'
import { apiErrorFrom, apiErrorResponse, readJsonBody } from '~/utils/api-response.server'

const MAX_BODY = 64 * 1024

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = context.actor
  if (!actor) return apiErrorResponse(await resolveLocale(request, context), 'unauthenticated')
  const locale = actor.locale
  if (request.method.toUpperCase() !== 'POST') return apiErrorResponse(locale, 'bad_input', 'errors:bad_input', undefined, { headers: { allow: 'GET, POST' } })
  // Staff and suppliers have no dealer orders to place: the resource does not exist for them.
  if (actor.kind !== 'dealer') return apiErrorResponse(locale, 'not_found')
  if (!hasApiScope(actor, 'orders:write')) return apiErrorResponse(locale, 'forbidden')
  // The forms' message asks a person to reload the page; a program is told what the header must be.
  const key = idempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? '')
  if (!key.success) return apiErrorResponse(locale, 'bad_input', 'orders:validation.idempotencyKeyHeader')
  const body = await readJsonBody(request, MAX_BODY)
  if (!body.ok) return apiErrorResponse(locale, body.code, body.messageKey, body.fields)
  try {
    const out = await submitOrder(actor, body.value as never, { idempotencyKey: key.data, ip: context.ip })
    return Response.json({ ok: true, order: out.order, replayed: out.replayed }, { status: out.replayed ? 200 : 201 })
  } catch (err) {
    return apiErrorFrom(locale, err)
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = context.actor
  if (!actor) return apiErrorResponse(await resolveLocale(request, context), 'unauthenticated')
  if (actor.kind !== 'dealer') return apiErrorResponse(actor.locale, 'not_found')
  if (!hasApiScope(actor, 'orders:read')) return apiErrorResponse(actor.locale, 'forbidden')
  try {
    const { rows, total } = await listDealerOrders(actor, parseListParams(new URL(request.url), dealerOrderListOptions))
    return Response.json({ ok: true, total, orders: rows })
  } catch (err) {
    return apiErrorFrom(actor.locale, err)
  }
}
