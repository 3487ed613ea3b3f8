import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { renderAuctionResultsPdf } from '~/domain/auction/auction-results-export.server'
import { pdfResponse } from '~/pdf/render.server'
import { DomainError } from '~/utils/errors'
import { refusal } from '~/utils/refusal.server'

// Resource route /console/auctions/:id/pdf: the result and the full log, in the reader's language.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  try {
    const id = args.params.id ?? ''
    const { body, fileName } = await renderAuctionResultsPdf(actor, id)
    await recordDownload({ actor, ip: args.context.ip }, { action: 'auction.exported', entityType: 'auction', entityId: id, after: { format: 'pdf' } })
    return pdfResponse(body, fileName)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw refusal('not_found', actor.locale)
    throw err
  }
}
