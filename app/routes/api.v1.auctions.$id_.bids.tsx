// POST /api/v1/auctions/:id/bids {amount, confirm?} with an Idempotency-Key header: one bid, the
// same rules and answer as the socket's auction:bid (201, or 4xx with the ack's error body).
// The key is the bid's clientBidId: a retry with the same key and body replays the stored answer
// (the auction's row lock serializes it behind the first try); the same key with another body is 422.
// With the session cookie (not an API key) the request also carries X-Action-Token.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiErrorFrom, bidAckFrom } from '~/domain/auction/auction-live.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { BidBodySchema, BidIdempotencyKeySchema } from '~/domain/auction/auction.validation'
import { hasApiScope } from '~/auth/api-keys.server'
import { ACTION_TOKEN_HEADER } from '~/auth/action-token'
import { hasActionToken } from '~/auth/action-token.server'
import { resolveLocale } from '~/i18n/locale.server'
import { isJsonRequest, JSON_ONLY_MESSAGE, nulPaths } from '~/utils/api-response.server'

const MAX_BODY = 4 * 1024

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = context.actor
  if (!actor) return apiError(await resolveLocale(request, context), 'UNAUTHENTICATED')
  const locale = actor.locale
  if (request.method.toUpperCase() !== 'POST') return apiError(locale, 'METHOD_NOT_ALLOWED', { headers: { allow: 'POST' } })
  // Only suppliers bid; staff (with or without the auction permission) are refused, everyone else
  // sees no auction at all. The supplier's access to this auction is checked under its lock.
  if (actor.kind === 'staff') return apiError(locale, 'FORBIDDEN')
  if (actor.kind !== 'supplier') return apiError(locale, 'NOT_FOUND')
  // A key without the bid scope (a read-only integration) may watch but not bid.
  if (!hasApiScope(actor, 'auctions:bid')) return apiError(locale, 'FORBIDDEN')
  // With the session cookie (not a key) a bid carries the session's action token, as the bid form does.
  if (!(await hasActionToken(request, request.headers.get(ACTION_TOKEN_HEADER), context))) return apiError(locale, 'ACTION_TOKEN_REQUIRED')

  const key = BidIdempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? '')
  if (!key.success) return apiError(locale, 'IDEMPOTENCY_KEY_REQUIRED')

  // JSON only, as documented: a text/plain body that parsed as JSON was taken as a bid.
  if (!isJsonRequest(request)) return apiError(locale, 'BAD_REQUEST', {}, JSON_ONLY_MESSAGE)
  const text = await request.text().catch(() => null)
  if (text === null) return apiError(locale, 'BAD_REQUEST')
  if (Buffer.byteLength(text) > MAX_BODY) return apiError(locale, 'TOO_LARGE')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return apiError(locale, 'BAD_REQUEST')
  }
  // PostgreSQL stores no NUL in text, and a refused amount's text is logged: one carrying NUL is no bid at all
  // (nor is a body nested too deep to walk).
  const nul = nulPaths(json)
  if (!nul || nul.length) return apiError(locale, 'BAD_REQUEST')
  // The rules judge the amount's text (a logged INVALID_AMOUNT, 422); an amount that is no text at all is refused here.
  const parsed = BidBodySchema.safeParse(json)
  if (!parsed.success) return apiError(locale, parsed.error.issues.some((i) => i.path[0] === 'amount') ? 'INVALID_AMOUNT' : 'BAD_REQUEST')

  try {
    const out = await placeBid(actor, params.id ?? '', { amount: parsed.data.amount, confirm: parsed.data.confirm ?? false, clientBidId: key.data }, { ip: context.ip })
    const body = await bidAckFrom(actor, out)
    return Response.json(body, { status: body.ok ? 201 : 422 })
  } catch (err) {
    return apiErrorFrom(locale, err)
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  return apiError(await resolveLocale(request, context), 'METHOD_NOT_ALLOWED', { headers: { allow: 'POST' } })
}
