import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { warehouseImportSpec } from '~/domain/catalog/catalog-import.rules'
import { importWarehouses } from '~/domain/catalog/import-warehouses.server'
import { importAction } from '~/ui/catalog/import-action.server'
import { ImportPage, type ImportActionData } from '~/ui/catalog/import-page'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  return { title: await catalogTitle(actor, 'import.title.warehouses') }
}

export async function action(args: ActionFunctionArgs) {
  return importAction(args, importWarehouses, '/console/warehouses')
}

export default function ImportWarehouses() {
  const actionData = useActionData<typeof action>() as ImportActionData | undefined
  return <ImportPage spec={warehouseImportSpec} basePath="/console/warehouses" lastResult={actionData} />
}
