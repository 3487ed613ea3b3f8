import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { PageHeader } from '~/ui/shell'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args)
  return { name: actor.name }
}

export default function ConsoleHome() {
  const { name } = useLoaderData<typeof loader>()
  const { t } = useTranslation('console')
  return (
    <div data-testid="console-home">
      <PageHeader title={t('dashboard.title', { name })}>{t('dashboard.intro')}</PageHeader>
    </div>
  )
}
