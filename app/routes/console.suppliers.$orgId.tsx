import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { partnerDetailAction, partnerDetailLoader } from '~/ui/parties/partner-routes.server'
import { PartnerDetailPage } from '~/ui/parties/partner-pages'
import { titleMeta } from '~/ui/catalog/meta'

export const meta = titleMeta

export const loader = (args: LoaderFunctionArgs) => partnerDetailLoader(args, 'supplier')
export const action = (args: ActionFunctionArgs) => partnerDetailAction(args, 'supplier')

export default function SupplierDetail() {
  return <PartnerDetailPage {...useLoaderData<typeof loader>()} />
}
