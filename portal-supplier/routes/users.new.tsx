import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { newColleagueAction, newColleagueLoader } from '~/ui/parties/colleague-routes.server'
import { NewColleaguePage } from '~/ui/parties/colleague-pages'

export const loader = (args: LoaderFunctionArgs) => newColleagueLoader(args, 'supplier')
export const action = (args: ActionFunctionArgs) => newColleagueAction(args, 'supplier')

export default function InviteColleague() {
  return <NewColleaguePage {...useLoaderData<typeof loader>()} />
}
