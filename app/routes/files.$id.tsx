import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireActor } from '~/auth/guards.server'
import { attachmentDisposition } from '~/domain/files/file-types'
import { fileForDownload } from '~/domain/files/files.queries.server'
import { refusal } from '~/utils/refusal.server'

// Resource route: a stored file, only to its own organization, always as an attachment.
export async function loader(args: LoaderFunctionArgs) {
  const actor = requireActor(args)
  const file = await fileForDownload(actor, args.params.id ?? '', { ip: args.context.ip })
  if (!file) throw refusal('not_found', actor.locale, { 'Cache-Control': 'no-store' })
  await recordDownload({ actor, ip: args.context.ip }, { action: 'file.downloaded', entityType: 'file', entityId: file.id })
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'Content-Type': file.mime,
      'Content-Length': String(file.bytes.length),
      'Content-Disposition': attachmentDisposition(file.downloadName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
