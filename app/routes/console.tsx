import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { Shell, type NavItem } from '~/ui/shell'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args)
  return {
    orgName: localizedName(actor.org, actor.locale),
    can: {
      partners: staffCan(actor, 'partners.view'),
      users: staffCan(actor, 'users.manage'),
      catalog: staffCan(actor, 'catalog.view'),
      inventory: staffCan(actor, 'inventory.view'),
      pricing: staffCan(actor, 'pricing.view'),
      audit: staffCan(actor, 'audit.view'),
      mail: staffCan(actor, 'mail.view'),
      auctions: staffCan(actor, 'auctions.run'),
      orders: staffCan(actor, 'orders.view'),
      approvals: staffCan(actor, 'orders.approve') || staffCan(actor, 'auctions.confirmAward'),
      requisitions: staffCan(actor, 'requisitions.view'),
      channel: staffCan(actor, 'channel.view'),
    },
  }
}

export default function ConsoleLayout() {
  const { orgName, can } = useLoaderData<typeof loader>()
  const { t } = useTranslation('console')
  const nav: NavItem[] = [
    { to: '/console', label: t('nav.dashboard'), end: true },
    ...(can.partners
      ? [
          { to: '/console/suppliers', label: t('nav.suppliers') },
          { to: '/console/dealers', label: t('nav.dealers') },
        ]
      : []),
    ...(can.catalog
      ? [
          { to: '/console/products', label: t('nav.products') },
          { to: '/console/categories', label: t('nav.categories') },
          { to: '/console/warehouses', label: t('nav.warehouses') },
        ]
      : []),
    ...(can.inventory ? [{ to: '/console/inventory', label: t('nav.inventory') }] : []),
    ...(can.pricing
      ? [
          { to: '/console/price-lists', label: t('nav.priceLists') },
          { to: '/console/dealer-terms', label: t('nav.dealerTerms') },
        ]
      : []),
    ...(can.auctions ? [{ to: '/console/auctions', label: t('nav.auctions') }] : []),
    ...(can.requisitions ? [{ to: '/console/requisitions', label: t('nav.requisitions') }] : []),
    ...(can.orders ? [{ to: '/console/orders', label: t('nav.orders') }] : []),
    ...(can.approvals ? [{ to: '/console/approvals', label: t('nav.approvals') }] : []),
    ...(can.channel ? [{ to: '/console/channel-stock', label: t('nav.channelStock') }] : []),
    ...(can.users
      ? [
          { to: '/console/users', label: t('nav.users') },
          // Managing host API keys takes the same admin permission as managing staff users.
          { to: '/console/api-keys', label: t('nav.apiKeys') },
        ]
      : []),
    ...(can.audit ? [{ to: '/console/audit', label: t('nav.audit') }] : []),
    ...(can.mail ? [{ to: '/console/mail', label: t('nav.mail') }] : []),
  ]
  return (
    <Shell surface="console" orgName={orgName} nav={nav}>
      <Outlet />
    </Shell>
  )
}
