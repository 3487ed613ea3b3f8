import { data, type ActionFunctionArgs } from '@remix-run/node'
import { z } from '~/utils/validation'
import { requireActor } from '~/auth/guards.server'
import { parseForm } from '~/utils/form.server'
import { markNotificationsRead } from '~/domain/notifications/notifications.queries.server'

const MarkReadSchema = z.object({ ids: z.union([z.literal('all'), z.string().max(4000)]) }).strict()

/** Marks the caller's own notifications read (any signed-in user, any surface). */
export async function action(args: ActionFunctionArgs) {
  const actor = requireActor(args)
  const parsed = await parseForm(args.request, MarkReadSchema)
  // A resource route answers with a Response: single fetch would drop the status of data().
  if (!parsed.ok) return Response.json({ error: 'bad_input' }, { status: 400 })
  const ids = parsed.value.ids === 'all' ? 'all' : parsed.value.ids.split(',').filter((id) => /^[0-9a-f-]{36}$/.test(id))
  await markNotificationsRead(actor, ids)
  return data({ ok: true })
}
