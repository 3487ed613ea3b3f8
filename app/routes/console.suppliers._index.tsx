import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { partnerListLoader } from '~/ui/parties/partner-routes.server'
import { PartnerListPage } from '~/ui/parties/partner-pages'

export const loader = (args: LoaderFunctionArgs) => partnerListLoader(args, 'supplier')

export default function Suppliers() {
  return <PartnerListPage {...useLoaderData<typeof loader>()} />
}
