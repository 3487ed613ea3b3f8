import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordDownload } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { channelFiltersFrom } from '~/domain/channel/channel.queries.server'
import { exportChannelStock } from '~/domain/channel/channel-export.server'
import { channelListOptions } from '~/domain/channel/channel.validation'
import { spreadsheetResponse } from '~/ui/catalog/export-response.server'
import { parseListParams } from '~/utils/list-params'

/** The channel-stock table as .xlsx, with the page's filters and sort, every row. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'channel.view')
  const params = parseListParams(new URL(args.request.url), channelListOptions)
  const filters = await channelFiltersFrom(params)
  const file = await exportChannelStock(actor, filters, params.sort, params.dir)
  await recordDownload({ actor, ip: args.context.ip }, { action: 'channel_stock.exported', entityType: 'channel_stock_report', after: { format: 'xlsx', filters: params.filters, sort: params.sort, dir: params.dir } })
  return spreadsheetResponse(file)
}
