import { useTranslation } from 'react-i18next'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireStaff } from '~/auth/guards.server'
import { importPriceListItems } from '~/domain/sales/price-list-spreadsheet.server'
import { priceItemImportSpec } from '~/domain/sales/price-item-import'
import { getPriceList } from '~/domain/sales/sales.queries.server'
import { ImportFileSchema } from '~/domain/sales/sales.validation'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { SpreadsheetImport, type SpreadsheetImportResult } from '~/ui/spreadsheet-import'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.manage')
  const list = await getPriceList(actor, args.params.id ?? '')
  if (!list) throw new Response('Not found', { status: 404 })
  return { title: await pageTitle(actor, 'sales', 'import.title', { code: list.code }), id: list.id }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.manage')
  const id = args.params.id ?? ''
  const parsed = await parseForm(args.request, ImportFileSchema)
  if (!parsed.ok) return parsed.response
  const file = parsed.value.file
  try {
    const outcome = await importPriceListItems(actor, id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, { ip: args.context.ip })
    if (!outcome.ok) return data({ submission: parsed.submission.reply({ hideFields: ['file'] }), issues: outcome.issues }, { status: 422 })
    return redirectWithToast(`/console/price-lists/${id}`, { key: 'sales:toast.imported', params: { count: outcome.rows } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function ImportPriceListItems() {
  const { title, id } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as SpreadsheetImportResult | undefined
  const { t } = useTranslation('sales')
  return <SpreadsheetImport title={title} intro={<p className="max-w-3xl">{t('import.intro')}</p>} spec={priceItemImportSpec} backPath={`/console/price-lists/${id}`} lastResult={actionData} />
}
