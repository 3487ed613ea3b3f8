import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { newPartnerAction, newPartnerLoader } from '~/ui/parties/partner-routes.server'
import { NewPartnerPage } from '~/ui/parties/partner-pages'
import { titleMeta } from '~/ui/catalog/meta'

export const meta = titleMeta

export const loader = (args: LoaderFunctionArgs) => newPartnerLoader(args, 'supplier')
export const action = (args: ActionFunctionArgs) => newPartnerAction(args, 'supplier')

export default function NewSupplier() {
  return <NewPartnerPage {...useLoaderData<typeof loader>()} />
}
