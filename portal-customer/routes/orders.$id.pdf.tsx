import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireDealer } from '~/auth/guards.server'
import { ORDER_ENTITY, ORDER_EXPORTED } from '~/domain/orders/orders.queries.server'
import { renderOrderPdf } from '~/domain/orders/render-order-pdf.server'
import { pdfResponse } from '~/pdf/render.server'
import { DomainError } from '~/utils/errors'
import { refusal } from '~/utils/refusal.server'

// Resource route /dealer/orders/:id/pdf: the confirmation of one of the dealer's own orders.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  try {
    const id = args.params.id ?? ''
    const { body, fileName } = await renderOrderPdf(actor, id, { ip: args.context.ip })
    await recordDownload({ actor, ip: args.context.ip }, { action: ORDER_EXPORTED, entityType: ORDER_ENTITY, entityId: id, after: { format: 'pdf' } })
    return pdfResponse(body, fileName)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw refusal('not_found', actor.locale)
    throw err
  }
}
