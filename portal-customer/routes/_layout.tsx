import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { Shell, type NavItem } from '~/ui/shell'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  return { orgName: localizedName(actor.org, actor.locale), isAdmin: actor.roles.has('dealer_admin') }
}

export default function DealerLayout() {
  const { orgName, isAdmin } = useLoaderData<typeof loader>()
  const { t } = useTranslation('portal')
  const nav: NavItem[] = [
    { to: '/dealer', label: t('nav.home'), end: true },
    { to: '/dealer/catalog', label: t('nav.catalog') },
    { to: '/dealer/cart', label: t('nav.cart') },
    { to: '/dealer/orders', label: t('nav.orders') },
    { to: '/dealer/channel-stock', label: t('nav.channelStock') },
    ...(isAdmin
      ? [
          { to: '/dealer/users', label: t('nav.colleagues') },
          { to: '/dealer/api-keys', label: t('nav.apiKeys') },
        ]
      : []),
  ]
  return (
    <Shell surface="dealer" orgName={orgName} nav={nav}>
      <Outlet />
    </Shell>
  )
}
