// Loader and action of the API-key page, the same on the console (host keys, admins) and in both
// portals (the partner's own keys, its admins). The organization is always the signed-in admin's.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { createApiKey, listApiKeys, orgKindOfActor, revokeApiKey } from '~/auth/api-keys.server'
import { scopesOfOrg } from '~/auth/api-keys.rules'
import { apiKeyActionSchema } from '~/auth/api-keys.validation'
import { requireDealer, requireStaff, requireSupplier } from '~/auth/guards.server'
import type { Actor } from '~/auth/roles'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export type ApiKeySurface = 'console' | 'supplier' | 'dealer'
type Args = LoaderFunctionArgs | ActionFunctionArgs

const here: Record<ApiKeySurface, string> = { console: '/console/api-keys', supplier: '/supplier/api-keys', dealer: '/dealer/api-keys' }

/** Admins only; anyone else gets the 403 page (and an audit row). */
function requireKeyAdmin(args: Args, surface: ApiKeySurface): Promise<Actor> {
  if (surface === 'console') return requireStaff(args, 'users.manage')
  return surface === 'supplier' ? requireSupplier(args, { admin: 'apiKeys' }) : requireDealer(args, { admin: 'apiKeys' })
}

export async function apiKeysLoader(args: LoaderFunctionArgs, surface: ApiKeySurface) {
  const actor = await requireKeyAdmin(args, surface)
  const keys = await listApiKeys(actor)
  return { surface, keys, scopes: [...scopesOfOrg[orgKindOfActor(actor)]], timeZone: actor.timeZone, apiBase: `${args.context.origin}/api/v1` }
}

export async function apiKeysAction(args: ActionFunctionArgs, surface: ApiKeySurface) {
  const actor = await requireKeyAdmin(args, surface)
  const parsed = await parseForm(args.request, apiKeyActionSchema(orgKindOfActor(actor)))
  if (!parsed.ok) return parsed.response
  const meta = { ip: args.context.ip }
  try {
    if (parsed.value.intent === 'create') {
      const { key, token } = await createApiKey(actor, parsed.value, meta)
      // The secret goes out in this answer only (never in a loader, a toast cookie or a log).
      return data(
        { submission: parsed.submission.reply({ resetForm: true }), created: { id: key.id, name: key.name, token } },
        { headers: { 'Cache-Control': 'no-store' } },
      )
    }
    const { name } = await revokeApiKey(actor, parsed.value.keyId, meta)
    return redirectWithToast(here[surface], { key: 'apikeys:toast.revoked', params: { name } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}
