import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from '~/utils/validation'
import { supportedLocales } from '~/i18n/config'
import { isLocalPath } from '~/auth/roles'
import { parseForm } from '~/utils/form.server'
import { setUserLocale } from '~/domain/parties/set-locale.server'
import { localeCookie } from '~/i18n/i18next.server'

const LocaleSchema = z.object({ locale: z.enum(supportedLocales), redirectTo: z.string().max(2000).optional() }).strict()

/** The language switcher: saved on the user when signed in, in a cookie otherwise. */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, LocaleSchema)
  // A resource route answers with a Response: single fetch would drop the status of data().
  if (!parsed.ok) return Response.json({ error: 'bad_input' }, { status: 400 })
  if (context.actor) await setUserLocale(context.actor, parsed.value.locale, context.ip)
  const target = isLocalPath(parsed.value.redirectTo) ? parsed.value.redirectTo : '/'
  return redirect(target, { headers: { 'Set-Cookie': await localeCookie.serialize(parsed.value.locale) } })
}
