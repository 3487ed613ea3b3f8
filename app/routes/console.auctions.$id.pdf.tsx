import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { renderAuctionResultsPdf } from '~/domain/auction/auction-results-export.server'
import { pdfResponse } from '~/pdf/render.server'
import { DomainError } from '~/utils/errors'

// Resource route /console/auctions/:id/pdf: the result and the full log, in the reader's language.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  try {
    const { body, fileName } = await renderAuctionResultsPdf(actor, args.params.id ?? '')
    return pdfResponse(body, fileName)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw err
  }
}
