import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { colleagueAction, colleagueLoader } from '~/ui/parties/colleague-routes.server'
import { ColleaguePage } from '~/ui/parties/colleague-pages'

export const loader = (args: LoaderFunctionArgs) => colleagueLoader(args, 'supplier')
export const action = (args: ActionFunctionArgs) => colleagueAction(args, 'supplier')

export default function Colleague() {
  return <ColleaguePage {...useLoaderData<typeof loader>()} />
}
