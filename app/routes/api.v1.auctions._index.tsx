// GET /api/v1/auctions: the auctions the caller may see (id, title, status, times); a session or a
// key with auctions:read.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiErrorFrom } from '~/domain/auction/auction-live.server'
import { listAuctions } from '~/domain/auction/auction.queries.server'
import { hasApiScope } from '~/auth/api-keys.server'
import { resolveLocale } from '~/i18n/locale.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = context.actor
  if (!actor) return apiError(await resolveLocale(request, context), 'UNAUTHENTICATED')
  if (!hasApiScope(actor, 'auctions:read')) return apiError(actor.locale, 'FORBIDDEN')
  try {
    const rows = await listAuctions(actor)
    return Response.json({ auctions: rows.map((r) => ({ id: r.id, title: r.title, status: r.status, currency: r.currency, startsAt: r.startsAt, endsAt: r.endsAt })) })
  } catch (err) {
    return apiErrorFrom(actor.locale, err)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return apiError(await resolveLocale(request, context), 'METHOD_NOT_ALLOWED', { headers: { allow: 'GET' } })
}
