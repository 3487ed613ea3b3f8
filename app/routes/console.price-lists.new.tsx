import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { createPriceList } from '~/domain/sales/save-price-list.server'
import { businessDate } from '~/domain/sales/sales.queries.server'
import { PriceListSaveSchema } from '~/domain/sales/sales.validation'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { PriceListForm } from '~/ui/sales/price-list-form'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.manage')
  return { title: await pageTitle(actor, 'sales', 'priceLists.newTitle'), today: await businessDate() }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.manage')
  const parsed = await parseForm(args.request, PriceListSaveSchema)
  if (!parsed.ok) return parsed.response
  const { intent: _i, ...input } = parsed.value
  try {
    const { id } = await createPriceList(actor, input, { ip: args.context.ip })
    return redirectWithToast(`/console/price-lists/${id}`, { key: 'sales:toast.priceListCreated', params: { code: input.code } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function NewPriceList() {
  const { today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('sales')
  return (
    <div data-testid="new-price-list-page">
      <PageHeader title={t('priceLists.newTitle')} />
      <PriceListForm
        defaultValue={{ code: '', nameEn: '', nameZh: '', tier: '', currency: 'CNY', validFrom: today, validTo: '' }}
        lastResult={actionData?.submission}
        submitLabel={t('priceLists.create')}
      />
    </div>
  )
}
