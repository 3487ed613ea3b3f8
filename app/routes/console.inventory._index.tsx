import { FilterSelect, ListForm } from '~/ui/list-form'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { categoryOptions } from '~/domain/catalog/catalog.queries.server'
import { listStock, warehouseOptions } from '~/domain/inventory/inventory.queries.server'
import { stockListOptions } from '~/domain/inventory/inventory.validation'
import { TRACE_PATH } from '~/domain/inventory/batch-trace.validation'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { useSocketEvent } from '~/realtime/client'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'
import { unitName } from '~/i18n/units'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  const params = parseListParams(new URL(args.request.url), stockListOptions)
  const [{ rows, total }, warehouses, categories] = await Promise.all([listStock(actor, params), warehouseOptions(actor), categoryOptions(actor)])
  const en = actor.locale === 'en'
  return {
    title: await pageTitle(actor, 'inventory', 'title'),
    rows,
    total,
    params,
    locale: actor.locale,
    warehouses: warehouses.map((w) => ({ code: w.code, name: en ? w.nameEn : w.nameZh })),
    categories: categories.map((c) => ({ code: c.code, name: en ? c.nameEn : c.nameZh })),
    canManage: staffCan(actor, 'inventory.manage'),
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function InventoryPage() {
  const { rows, total, params, locale, warehouses, categories, canManage } = useLoaderData<typeof loader>()
  const { t } = useTranslation('inventory')
  const en = locale === 'en'
  const qty = (s: string) => formatQuantity(s, locale)
  // Every quantity with the row's unit, as the counts list writes them: On hand alone had one, its neighbours bare.
  const withUnit = (r: Row, s: string) => <span className="whitespace-nowrap">{`${qty(s)} ${unitName(r.unit, locale, s)}`}</span>
  const revalidator = useRevalidator()
  // Someone else's move of a product on this page: refetch, so the numbers are never stale.
  // Filtered to what is below its reorder point, any product's change may add a row.
  useSocketEvent('stock:changed', ({ productIds }) => {
    if ((params.filters.reorder === '1' || rows.some((r) => productIds.includes(r.productId))) && revalidator.state === 'idle') revalidator.revalidate()
  })
  const columns: Column<Row>[] = [
    {
      key: 'sku',
      label: t('col.sku'),
      sortable: true,
      render: (r) => (
        <Link to={`/console/inventory/${r.productId}`} className="whitespace-nowrap font-mono text-indigo-700 hover:underline" data-testid="stock-sku">
          {r.sku}
        </Link>
      ),
    },
    { key: 'name', label: t('col.product'), sortable: true, cardClassName: 'max-sm:col-span-2 max-sm:order-first max-sm:mb-1', render: (r) => (en ? r.nameEn : r.nameZh) },
    { key: 'warehouse', label: t('col.warehouse'), render: (r) => <span className="font-mono text-xs">{r.warehouseCode}</span> },
    { key: 'onHand', label: t('col.onHand'), sortable: true, className: 'text-right tabular-nums', cardLabel: true, render: (r) => withUnit(r, r.onHand) },
    { key: 'reserved', label: t('col.reserved'), sortable: true, className: 'text-right tabular-nums', cardLabel: true, render: (r) => withUnit(r, r.reserved) },
    {
      key: 'available',
      label: t('col.available'),
      sortable: true,
      className: 'text-right tabular-nums',
      cardLabel: true,
      render: (r) => (
        <span data-testid="stock-available">
          {withUnit(r, r.available)}
          {r.low ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">{t('low')}</span> : null}
        </span>
      ),
    },
    {
      key: 'reorderPoint',
      label: t('replenishment:list.reorderPoint'),
      className: 'text-right tabular-nums',
      cardLabel: true,
      render: (r) =>
        r.reorderPoint === null ? (
          '—'
        ) : (
          <span data-testid="stock-reorder-point">
            {withUnit(r, r.reorderPoint)}
            {r.belowReorder ? (
              <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800" data-testid="stock-below-reorder">
                {t('replenishment:below')}
              </span>
            ) : null}
          </span>
        ),
    },
  ]
  return (
    <div data-testid="inventory-page">
      <PageHeader
        title={t('title')}
        actions={
          <>
            {/* Everyone who sees stock sees its counts (the list's own guard); the approvers' work starts there. */}
            <Link to="/console/inventory/counts" className="btn-secondary" data-testid="counts-link">
              {t('counts.title')}
            </Link>
            <Link to={TRACE_PATH} className="btn-secondary" data-testid="trace-link">
              {t('traceability.link')}
            </Link>
            {canManage ? (
              <Link to="/console/inventory/import" className="btn-secondary" data-testid="import-opening">
                {t('importOpening')}
              </Link>
            ) : null}
          </>
        }
      >
        {t('intro')}
      </PageHeader>
      <DataTable
        testId="stock-table"
        label={t('title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => `${r.productId}:${r.warehouseId}`}
        searchLabel={t('search')}
        // On a phone a card per row: the quantities, this page's point, sat past the right edge of a sideways-scrolling table.
        phoneCards
        toolbar={<StockFilters warehouses={warehouses} categories={categories} filters={params.filters} />}
      />
    </div>
  )
}

function StockFilters({ warehouses, categories, filters }: { warehouses: Array<{ code: string; name: string }>; categories: Array<{ code: string; name: string }>; filters: Record<string, string> }) {
  const { t } = useTranslation('inventory')
  return (
    <ListForm owns={['warehouse', 'category', 'low', 'reorder']} className="flex flex-wrap items-center gap-2" data-testid="stock-filters">
      <FilterSelect
        name="warehouse"
        label={t('filter.warehouse')}
        value={filters.warehouse}
        all={t('filter.allWarehouses')}
        options={warehouses.map((w) => ({ value: w.code, label: `${w.code} · ${w.name}` }))}
      />
      <FilterSelect
        name="category"
        label={t('filter.category')}
        value={filters.category}
        all={t('filter.allCategories')}
        options={categories.map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }))}
      />
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" name="low" value="1" defaultChecked={filters.low === '1'} data-testid="filter-low" />
        {t('filter.lowOnly')}
      </label>
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" name="reorder" value="1" defaultChecked={filters.reorder === '1'} data-testid="filter-reorder" />
        {t('replenishment:list.filter')}
      </label>
      <button type="submit" className="btn-secondary">
        {t('filter.apply')}
      </button>
    </ListForm>
  )
}
