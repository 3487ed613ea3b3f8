// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, generated from the routes' own zod
// schemas. It is documentation: no key is needed (a Bearer header, even a wrong one, is ignored).
// It holds nothing of any caller, but is no-store like every answer a signed-in user gets (T6): one
// rule with no exceptions is easier to keep than a list of safe ones, and the document is small.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError } from '~/domain/auction/auction-live.server'
import { apiDocument } from '~/domain/integrations/openapi.server'
import { resolveLocale } from '~/i18n/locale.server'

export async function loader(_args: LoaderFunctionArgs) {
  return Response.json(apiDocument(), { headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request, context }: ActionFunctionArgs) {
  return apiError(await resolveLocale(request, context), 'METHOD_NOT_ALLOWED', { headers: { allow: 'GET' } })
}
