import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { exportBatchRecall } from '~/domain/inventory/batch-trace-export.server'
import { resolveBatch } from '~/domain/inventory/batch-trace.queries.server'
import { batchParam } from '~/domain/inventory/batch-trace.validation'
import { exportFormatOf, spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { i18nServer } from '~/i18n/i18next.server'
import { DomainError } from '~/utils/errors'
import { refusal } from '~/utils/refusal.server'
import { parseMessage } from '~/utils/validation'

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
    if (err instanceof DomainError && err.code === 'unprocessable') throw await plainText(actor.locale, err.messageKey, 422)
    throw err
  }
}

/** A refusal a browser shows as the page itself (the link opened in a tab, or called directly): plain text in the reader's language. */
async function plainText(locale: string, message: string, status: number): Promise<Response> {
  const t = await i18nServer.getFixedT(locale)
  const [key, params] = parseMessage(message)
  return new Response(t(key, params as any) as string, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } })
}
