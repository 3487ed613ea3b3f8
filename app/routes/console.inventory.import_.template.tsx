import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { templateOf } from '~/domain/catalog/catalog-export.server'
import { openingBalanceImportSpec } from '~/domain/inventory/opening-balance-import'
import { exportFormatOf, spreadsheetResponse } from '~/ui/catalog/export-response.server'

// Resource route: the opening-balance import's empty sheet, headed with its columns, for those who may import.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.manage')
  return spreadsheetResponse(await templateOf(openingBalanceImportSpec, exportFormatOf(new URL(args.request.url), actor.locale), actor.timeZone))
}
