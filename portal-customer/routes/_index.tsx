import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { PageHeader } from '~/ui/shell'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  return { name: actor.name, orgName: localizedName(actor.org, actor.locale) }
}

export default function DealerHome() {
  const { name, orgName } = useLoaderData<typeof loader>()
  const { t } = useTranslation('portal')
  return (
    <div data-testid="dealer-home">
      <PageHeader title={t('dealer.title', { name })}>{t('dealer.intro', { org: orgName })}</PageHeader>
    </div>
  )
}
