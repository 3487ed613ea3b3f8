import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { renderOrderPdf } from '~/domain/orders/render-order-pdf.server'
import { pdfResponse } from '~/pdf/render.server'
import { DomainError } from '~/utils/errors'

// Resource route /console/orders/:id/pdf: the same confirmation the dealer downloads.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'orders.view')
  try {
    const { body, fileName } = await renderOrderPdf(actor, args.params.id ?? '')
    return pdfResponse(body, fileName)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw err
  }
}
