import { useTranslation } from 'react-i18next'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireStaff } from '~/auth/guards.server'
import { importOpeningBalances } from '~/domain/inventory/import-opening-balances.server'
import { OpeningBalanceImportSchema } from '~/domain/inventory/inventory.validation'
import { openingBalanceImportSpec } from '~/domain/inventory/opening-balance-import'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { SpreadsheetImport, type SpreadsheetImportResult } from '~/ui/spreadsheet-import'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.manage')
  return { title: await pageTitle(actor, 'inventory', 'import.title') }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.manage')
  const parsed = await parseForm(args.request, OpeningBalanceImportSchema)
  if (!parsed.ok) return parsed.response
  const file = parsed.value.file
  try {
    const outcome = await importOpeningBalances(actor, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, { ip: args.context.ip, again: parsed.value.again === 'yes' })
    if (!outcome.ok) return data({ submission: parsed.submission.reply({ hideFields: ['file'] }), issues: outcome.issues, confirm: outcome.confirm ?? null }, { status: 422 })
    return redirectWithToast('/console/inventory', { key: 'inventory:toast.imported', params: { count: outcome.rows } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function ImportOpeningBalances() {
  const { title } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as (SpreadsheetImportResult & { confirm?: 'repeat' | null }) | undefined
  const { t } = useTranslation('inventory')
  // Offered only once the server has said the file went in before: the file is chosen again with it.
  const again =
    actionData?.confirm === 'repeat'
      ? {
          schema: OpeningBalanceImportSchema,
          defaultValue: {},
          render: () => ({
            fields: (
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="again" value="yes" className="mt-0.5" data-testid="import-again" />
                <span>{t('import.again')}</span>
              </label>
            ),
          }),
        }
      : undefined
  return (
    <SpreadsheetImport title={title} intro={<p className="max-w-3xl">{t('import.intro')}</p>} spec={openingBalanceImportSpec} templateBase="/console/inventory/import/template" backPath="/console/inventory" lastResult={actionData} extra={again} questionTitle={t('import.confirmTitle')} />
  )
}
