import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { accountAction, accountLoader } from '~/auth/account-route.server'
import { requireDealer } from '~/auth/guards.server'
import { AccountPage } from '~/ui/account-page'
import { titleMeta } from '~/ui/catalog/meta'

export const meta = titleMeta

export const loader = async (args: LoaderFunctionArgs) => accountLoader(await requireDealer(args))
export const action = async (args: ActionFunctionArgs) => accountAction(args, await requireDealer(args))
export default AccountPage
