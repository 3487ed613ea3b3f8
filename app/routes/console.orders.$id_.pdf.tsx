import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { ORDER_ENTITY, ORDER_EXPORTED } from '~/domain/orders/orders.queries.server'
import { renderOrderPdf } from '~/domain/orders/render-order-pdf.server'
import { pdfResponse } from '~/pdf/render.server'
import { DomainError } from '~/utils/errors'
import { refusal } from '~/utils/refusal.server'

// Resource route /console/orders/:id/pdf: the same confirmation the dealer downloads.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'orders.view')
  try {
    const id = args.params.id ?? ''
    const { body, fileName } = await renderOrderPdf(actor, id)
    await recordDownload({ actor, ip: args.context.ip }, { action: ORDER_EXPORTED, entityType: ORDER_ENTITY, entityId: id, after: { format: 'pdf' } })
    return pdfResponse(body, fileName)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw refusal('not_found', actor.locale)
    throw err
  }
}
