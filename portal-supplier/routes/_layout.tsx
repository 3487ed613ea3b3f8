import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireSupplier } from '~/auth/guards.server'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { Shell, type NavItem } from '~/ui/shell'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireSupplier(args)
  return { orgName: localizedName(actor.org, actor.locale), isAdmin: actor.roles.has('supplier_admin') }
}

export default function SupplierLayout() {
  const { orgName, isAdmin } = useLoaderData<typeof loader>()
  const { t } = useTranslation('portal')
  const nav: NavItem[] = [
    { to: '/supplier', label: t('nav.home'), end: true },
    { to: '/supplier/auctions', label: t('nav.auctions') },
    ...(isAdmin
      ? [
          { to: '/supplier/users', label: t('nav.colleagues') },
          { to: '/supplier/api-keys', label: t('nav.apiKeys') },
        ]
      : []),
  ]
  return (
    <Shell surface="supplier" orgName={orgName} nav={nav}>
      <Outlet />
    </Shell>
  )
}
