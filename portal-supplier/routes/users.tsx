import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { colleagueListLoader } from '~/ui/parties/colleague-routes.server'
import { ColleagueListPage } from '~/ui/parties/colleague-pages'

export const loader = (args: LoaderFunctionArgs) => colleagueListLoader(args, 'supplier')

export default function Colleagues() {
  return <ColleagueListPage {...useLoaderData<typeof loader>()} />
}
