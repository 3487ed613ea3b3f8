import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { apiKeysAction, apiKeysLoader } from '~/ui/api-keys/api-keys-route.server'
import { ApiKeysPage } from '~/ui/api-keys/api-keys-page'

export const loader = (args: LoaderFunctionArgs) => apiKeysLoader(args, 'dealer')
export const action = (args: ActionFunctionArgs) => apiKeysAction(args, 'dealer')

export default function DealerApiKeys() {
  return <ApiKeysPage {...useLoaderData<typeof loader>()} />
}
