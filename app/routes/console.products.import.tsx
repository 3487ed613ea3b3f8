import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { productImportSpec } from '~/domain/catalog/catalog-import.rules'
import { importProducts } from '~/domain/catalog/import-products.server'
import { importAction } from '~/ui/catalog/import-action.server'
import { ImportPage, type ImportActionData } from '~/ui/catalog/import-page'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  return { title: await catalogTitle(actor, 'import.title.products') }
}

// The path ends in /import, which the HTTP layer lets carry an upload of up to 20 MB.
export async function action(args: ActionFunctionArgs) {
  return importAction(args, importProducts, '/console/products')
}

export default function ImportProducts() {
  const actionData = useActionData<typeof action>() as ImportActionData | undefined
  return <ImportPage spec={productImportSpec} basePath="/console/products" lastResult={actionData} />
}
