// GET /api/v1/auctions/:id: the caller's own projection (the same as the socket's auction:state);
// an auction the caller may not see is 404, whether it exists or not.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiErrorFrom, liveViewFor } from '~/domain/auction/auction-live.server'
import { hasApiScope } from '~/auth/api-keys.server'
import { resolveLocale } from '~/i18n/locale.server'

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = context.actor
  if (!actor) return apiError(await resolveLocale(request, context), 'UNAUTHENTICATED')
  if (!hasApiScope(actor, 'auctions:read')) return apiError(actor.locale, 'FORBIDDEN')
  try {
    return Response.json(await liveViewFor(actor, params.id ?? '', { ip: context.ip }))
  } catch (err) {
    return apiErrorFrom(actor.locale, err)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return apiError(await resolveLocale(request, context), 'METHOD_NOT_ALLOWED', { headers: { allow: 'GET' } })
}
