import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { WarehouseSchema } from '~/domain/catalog/catalog.validation'
import { createWarehouse } from '~/domain/catalog/create-warehouse.server'
import { CodeNameForm } from '~/ui/catalog/code-name-form'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { parseForm } from '~/utils/form.server'
import { replyWithDomainError } from '~/utils/domain-response.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  return { title: await catalogTitle(actor, 'warehouses.newTitle') }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const parsed = await parseForm(args.request, WarehouseSchema)
  if (!parsed.ok) return parsed.response
  try {
    const { id } = await createWarehouse(actor, parsed.value, { ip: args.context.ip })
    return redirectWithToast(`/console/warehouses/${id}`, { key: 'catalog:toast.warehouseCreated', params: { code: parsed.value.code } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function NewWarehouse() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('catalog')
  return (
    <div data-testid="new-warehouse-page">
      <PageHeader title={t('warehouses.newTitle')} />
      <CodeNameForm kind="warehouses" lastResult={actionData?.submission} submitLabel={t('common:actions.create')} />
    </div>
  )
}
