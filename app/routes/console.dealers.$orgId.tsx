import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { partnerDetailAction, partnerDetailLoader } from '~/ui/parties/partner-routes.server'
import { PartnerDetailPage } from '~/ui/parties/partner-pages'
import { titleMeta } from '~/ui/catalog/meta'

export const meta = titleMeta

export const loader = (args: LoaderFunctionArgs) => partnerDetailLoader(args, 'dealer')
export const action = (args: ActionFunctionArgs) => partnerDetailAction(args, 'dealer')

export default function DealerDetail() {
  return <PartnerDetailPage {...useLoaderData<typeof loader>()} />
}
