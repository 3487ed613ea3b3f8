import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { exportBatchRecall } from '~/domain/inventory/batch-trace-export.server'
import { resolveBatch } from '~/domain/inventory/batch-trace.queries.server'
import { batchParam } from '~/domain/inventory/batch-trace.validation'
import { exportFormatOf, plainTextRefusal, spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { DomainError } from '~/utils/errors'
import { refusal } from '~/utils/refusal.server'

/**
 * The recall list of a batch or serial number (.xlsx, or .csv with `?format=csv`; another format is a 400): the dealers who got
 * it, how much and when. It names dealers and orders, so it asks for orders.view beside inventory.view.
 * Each download is audited.
 */
export async function loader(args: LoaderFunctionArgs) {
  await requireStaff(args, 'inventory.view')
  const actor = await requireStaff(args, 'orders.view')
  const productId = args.params.productId ?? ''
  const url = new URL(args.request.url)
  const format = exportFormatOf(url, actor.locale)
  const typed = batchParam(url)
  const batch = typed ? await resolveBatch(actor, productId, typed) : null
  if (!batch) throw refusal('not_found', actor.locale)
  try {
    const file = await exportBatchRecall(actor, productId, batch, format)
    await recordDownload({ actor, ip: args.context.ip }, { action: 'inventory.batch_recall.exported', entityType: 'product', entityId: productId, after: { batch, format, rows: file.rows } })
    return spreadsheetResponse(file)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw refusal('not_found', actor.locale)
    // Past the cap: the page offers no link then, so this answers a direct call, in words.
    if (err instanceof DomainError && err.code === 'unprocessable') throw await plainTextRefusal(actor.locale, err.messageKey, 422)
    throw err
  }
}
