import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { partnerListLoader } from '~/ui/parties/partner-routes.server'
import { PartnerListPage } from '~/ui/parties/partner-pages'
import { titleMeta } from '~/ui/catalog/meta'

export const meta = titleMeta

export const loader = (args: LoaderFunctionArgs) => partnerListLoader(args, 'dealer')

export default function Dealers() {
  return <PartnerListPage {...useLoaderData<typeof loader>()} />
}
