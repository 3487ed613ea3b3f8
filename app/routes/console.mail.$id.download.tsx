import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { readMailFile } from '~/domain/notifications/mail.queries.server'
import { refusal } from '~/utils/refusal.server'

/** The .eml as written to disk: always an attachment, under a name we choose. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'mail.view')
  const file = await readMailFile(actor, args.params.id ?? '')
  if (!file) throw refusal('not_found', actor.locale)
  // Stored mails can hold sign-in and reset links: who took one away is on record.
  await recordDownload({ actor, ip: args.context.ip }, { action: 'mail.downloaded', entityType: 'mail', entityId: file.id })
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `attachment; filename="caixiao-mail-${file.id}.eml"`,
      'Content-Length': String(file.content.length),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
