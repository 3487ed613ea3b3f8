import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { auctionCsv } from '~/domain/auction/auction-results-export.server'
import { attachmentDisposition } from '~/domain/files/file-types'
import { DomainError } from '~/utils/errors'
import { refusal } from '~/utils/refusal.server'

// Resource route /console/auctions/:id/csv?part=log|result: the event log (default) or the ranking.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  const part = new URL(args.request.url).searchParams.get('part') === 'result' ? 'result' : 'log'
  try {
    const id = args.params.id ?? ''
    const { body, fileName } = await auctionCsv(actor, id, part)
    await recordDownload({ actor, ip: args.context.ip }, { action: 'auction.exported', entityType: 'auction', entityId: id, after: { format: 'csv', part } })
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': attachmentDisposition(fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw refusal('not_found', actor.locale)
    throw err
  }
}
