import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireSupplier } from '~/auth/guards.server'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { PageHeader } from '~/ui/shell'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireSupplier(args)
  return { name: actor.name, orgName: localizedName(actor.org, actor.locale) }
}

export default function SupplierHome() {
  const { name, orgName } = useLoaderData<typeof loader>()
  const { t } = useTranslation('portal')
  return (
    <div data-testid="supplier-home">
      <PageHeader title={t('supplier.title', { name })}>{t('supplier.intro', { org: orgName })}</PageHeader>
    </div>
  )
}
