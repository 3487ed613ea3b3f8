import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { newPartnerAction, newPartnerLoader } from '~/ui/parties/partner-routes.server'
import { NewPartnerPage } from '~/ui/parties/partner-pages'

export const loader = (args: LoaderFunctionArgs) => newPartnerLoader(args, 'dealer')
export const action = (args: ActionFunctionArgs) => newPartnerAction(args, 'dealer')

export default function NewDealer() {
  return <NewPartnerPage {...useLoaderData<typeof loader>()} />
}
