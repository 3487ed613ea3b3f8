import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { countListOptions, countStatuses } from '~/domain/inventory/count.validation'
import { countStatusFilter, listStockCounts, type StockCountRow } from '~/domain/inventory/stock-counts.queries.server'
import { warehouseOptions } from '~/domain/inventory/inventory.queries.server'
import { COUNT_TOLERANCE } from '~/domain/inventory/stock.rules'
import { useRevalidateOn } from '~/realtime/client'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable } from '~/ui/data-table'
import { countDecisionAction, isCountDecision } from '~/ui/inventory/count-decision.server'
import { useCountColumns } from '~/ui/inventory/count-table'
import { FilterSelect, ListForm } from '~/ui/list-form'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { notAFormResponse, readFormData } from '~/utils/form.server'
import { parseListParams } from '~/utils/list-params'

export const meta = titleMeta

/** Every staff member who sees stock sees its counts; deciding them takes inventory.approveCounts. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  const params = parseListParams(new URL(args.request.url), countListOptions)
  const [{ rows, total }, warehouses] = await Promise.all([listStockCounts(actor, params), warehouseOptions(actor)])
  return {
    title: await pageTitle(actor, 'inventory', 'counts.title'),
    rows,
    total,
    params,
    status: countStatusFilter(params),
    warehouses: warehouses.map((w) => ({ code: w.code, name: actor.locale === 'en' ? w.nameEn : w.nameZh })),
    viewer: { locale: actor.locale, timeZone: actor.timeZone, viewerId: actor.userId, canDecide: staffCan(actor, 'inventory.approveCounts') },
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.approveCounts')
  const intent = (await readFormData(args.request.clone()))?.get('intent')
  if (!isCountDecision(intent)) return notAFormResponse()
  const url = new URL(args.request.url)
  return countDecisionAction(args, actor, intent, `/console/inventory/counts${url.search}`)
}

export default function StockCountsPage() {
  const { rows, total, params, status, warehouses, viewer } = useLoaderData<typeof loader>()
  const { t } = useTranslation('inventory')
  // A count held, approved or rejected anywhere: the list (and its pending filter) follows.
  useRevalidateOn('stock:countChanged', undefined, 500)
  // A move at a pending count's place makes it stale.
  useRevalidateOn('stock:changed', ({ productIds }) => rows.some((r) => r.status === 'pending' && productIds.includes(r.productId)), 500)
  const columns = useCountColumns(viewer, { list: true })
  return (
    <div data-testid="counts-page">
      <PageHeader
        title={t('counts.title')}
        actions={
          <Link to="/console/inventory" className="btn-ghost">
            {t('product.backToList')}
          </Link>
        }
      >
        {t('counts.intro', { percent: COUNT_TOLERANCE.percent, min: COUNT_TOLERANCE.minUnits, max: COUNT_TOLERANCE.maxUnits })}
      </PageHeader>
      <DataTable<StockCountRow>
        testId="counts-table"
        label={t('counts.title')}
        rowTestId="count-row"
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        searchLabel={t('counts.search')}
        emptyText={t('counts.empty')}
        totalLabel={t('counts.total', { count: total })}
        // On a phone a card per count: book, counted and difference sat past the right edge of a sideways-scrolling table.
        phoneCards
        toolbar={
          <ListForm owns={['status', 'warehouse', 'by']} className="flex flex-wrap items-center gap-2" data-testid="counts-filters">
            {/* Not a FilterSelect: its empty choice means "all", and this list's default is the pending counts. */}
            <label htmlFor="filter-status" className="sr-only">
              {t('counts.filter.status')}
            </label>
            <select id="filter-status" name="status" defaultValue={status} className="input w-auto" data-testid="filter-status">
              {countStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`counts.status.${s}`)}
                </option>
              ))}
              <option value="all">{t('counts.filter.all')}</option>
            </select>
            <FilterSelect name="warehouse" label={t('filter.warehouse')} value={params.filters.warehouse} all={t('filter.allWarehouses')} options={warehouses.map((w) => ({ value: w.code, label: `${w.code} · ${w.name}` }))} />
            <FilterSelect name="by" label={t('counts.filter.by')} value={params.filters.by} all={t('counts.filter.byAnyone')} options={[{ value: 'others', label: t('counts.filter.byOthers') }]} />
            <button type="submit" className="btn-secondary">
              {t('filter.apply')}
            </button>
          </ListForm>
        }
      />
    </div>
  )
}
