import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { listDealerTerms } from '~/domain/sales/sales.queries.server'
import { dealerTermsListOptions } from '~/domain/sales/sales.validation'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { useDealerTermsRevalidation } from '~/ui/orders/order-live'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { ManagersChange } from '~/ui/sales/managers-change'
import { parseListParams } from '~/utils/list-params'
import { formatMoney } from '~/utils/money'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.view')
  const params = parseListParams(new URL(args.request.url), dealerTermsListOptions)
  const { rows, total } = await listDealerTerms(actor, params)
  return { title: await pageTitle(actor, 'sales', 'dealerTerms.title'), rows, total, params, locale: actor.locale, canManage: staffCan(actor, 'pricing.manage') }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function DealerTermsPage() {
  const { rows, total, params, locale, canManage } = useLoaderData<typeof loader>()
  const { t } = useTranslation('sales')
  // A colleague's edit shows without a reload.
  useDealerTermsRevalidation(undefined, 1000)
  const en = locale === 'en'
  const notSet = <span className="text-slate-500">{t('dealerTerms.notSet')}</span>
  const columns: Column<Row>[] = [
    { key: 'code', label: t('dealerTerms.code'), sortable: true, cardClassName: 'max-sm:order-1', render: (r) => <span className="font-mono">{r.code}</span> },
    { key: 'name', label: t('dealerTerms.dealer'), sortable: true, cardClassName: 'max-sm:order-3 max-sm:col-span-2', render: (r) => (en ? r.nameEn : r.nameZh) },
    { key: 'tier', label: t('dealerTerms.tier'), sortable: true, cardClassName: 'max-sm:order-4', cardLabel: true, render: (r) => (r.priceTier ? <span className="font-mono" data-testid="terms-tier">{r.priceTier}</span> : notSet) },
    {
      key: 'creditLimit',
      label: t('dealerTerms.creditLimit'),
      sortable: true,
      className: 'text-right tabular-nums',
      cardClassName: 'max-sm:order-5',
      cardLabel: true,
      render: (r) => (r.creditLimit && r.currency ? <span data-testid="terms-credit">{formatMoney(r.creditLimit, r.currency, locale)}</span> : notSet),
    },
    { key: 'paymentTermsDays', label: t('dealerTerms.paymentTerms'), sortable: true, cardClassName: 'max-sm:order-6', cardLabel: true, render: (r) => (r.paymentTermsDays === null ? notSet : t('dealerTerms.days', { count: r.paymentTermsDays })) },
    {
      key: 'owner',
      label: t('dealerTerms.salesOwner'),
      cardClassName: 'max-sm:order-7',
      cardLabel: true,
      render: (r) =>
        r.salesOwnerName === null ? (
          <span className="text-slate-500">{t('dealerTerms.noOwner')}</span>
        ) : r.salesOwnerEligible === false ? (
          <span data-testid="former-owner">{t('dealerTerms.formerOwner', { name: r.salesOwnerName })}</span>
        ) : (
          r.salesOwnerName
        ),
    },
    ...(canManage
      ? [
          {
            key: 'edit',
            label: t('common:table.actions'),
            hiddenLabel: true,
            cardClassName: 'max-sm:order-2',
            render: (r: Row) => (
              <Link to={`/console/dealer-terms/${r.orgId}`} className="whitespace-nowrap text-indigo-700 hover:underline" data-testid={`edit-terms-${r.code}`}>
                {t('dealerTerms.edit')}
              </Link>
            ),
          },
        ]
      : []),
  ]
  return (
    <div data-testid="dealer-terms-page">
      <PageHeader title={t('dealerTerms.title')}>
        {t('dealerTerms.intro')}
        <ManagersChange canManage={canManage} />
      </PageHeader>
      {/* On a phone a card per dealer: as a table the dealer's name stood one character a line. */}
      <DataTable testId="dealer-terms-table" label={t('dealerTerms.title')} columns={columns} rows={rows} total={total} params={params} rowKey={(r) => r.orgId} searchLabel={t('dealerTerms.search')} phoneCards />
    </div>
  )
}
