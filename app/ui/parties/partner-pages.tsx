// The console's supplier and dealer pages, one implementation for both kinds.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { DealerOverview } from '~/domain/orders/dealer-overview.queries.server'
import { OPEN_STATUS_FILTER } from '~/domain/orders/order-list.validation'
import type { PartnerOrgDto, PersonDto } from '~/domain/parties/parties.types'
import { NewPartnerSchema, PartnerOrgActionSchema, type PartnerKind } from '~/domain/parties/parties.validation'
import type { Locale } from '~/i18n/config'
import { regionName } from '~/i18n/regions'
import { DataTable, type Column } from '~/ui/data-table'
import { TableScroller } from '~/ui/table-scroller'
import { Field, FormError } from '~/ui/form'
import { useDealerTermsRevalidation } from '~/ui/orders/order-live'
import { CreditSummary, RecentOrders } from '~/ui/orders/order-view'
import { PageHeader } from '~/ui/shell'
import { StatTile } from '~/ui/stat-tile'
import { SubmitButton } from '~/ui/submit-button'
import type { ListParams } from '~/utils/list-params'
import { formatMoney } from '~/utils/money'
import { ActionErrors, InviteeFields, RoleList, StatusBadge, useIntentResult } from './people'

const orgName = (org: Pick<PartnerOrgDto, 'nameEn' | 'nameZh'>, language: string) => (language === 'en' ? org.nameEn : org.nameZh)

export function PartnerListPage({
  kind,
  rows,
  total,
  params,
  canManage,
}: {
  kind: PartnerKind
  rows: PartnerOrgDto[]
  total: number
  params: Pick<ListParams, 'q' | 'page' | 'pageSize' | 'sort' | 'dir'>
  canManage: boolean
}) {
  const { t, i18n } = useTranslation('parties')
  const base = `/console/${kind}s`
  const columns: Column<PartnerOrgDto>[] = [
    {
      key: 'code',
      label: t('org.code'),
      sortable: true,
      cardClassName: 'max-sm:order-1',
      render: (o) => (
        <Link to={`${base}/${o.id}`} className="font-mono font-medium text-indigo-700 hover:underline" data-testid="org-link">
          {o.code}
        </Link>
      ),
    },
    { key: 'name', label: t('org.name'), sortable: true, cardClassName: 'max-sm:order-3 max-sm:col-span-2', render: (o) => orgName(o, i18n.language) },
    { key: 'region', label: t('org.region'), sortable: true, cardClassName: 'max-sm:order-4', cardLabel: true, render: (o) => (o.region ? regionName(o.region, i18n.language as Locale) : '—') },
    { key: 'status', label: t('org.status'), sortable: true, cardClassName: 'max-sm:order-2', render: (o) => <StatusBadge status={o.status} /> },
    { key: 'users', label: t('org.users'), sortable: true, className: 'text-right', cardClassName: 'max-sm:order-5', cardLabel: true, render: (o) => <span data-testid="user-count">{o.userCount}</span> },
  ]
  return (
    <div data-testid={`${kind}-list`}>
      <PageHeader title={t(`partners.${kind}.title`)} />
      <DataTable
        testId="partner-table"
        label={t(`partners.${kind}.title`)}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(o) => o.id}
        searchLabel={t(`partners.${kind}.search`)}
        emptyText={t(`partners.${kind}.empty`)}
        phoneCards
        toolbar={
          canManage ? (
            <Link to={`${base}/new`} className="btn-primary" data-testid="new-partner">
              {t(`partners.${kind}.new`)}
            </Link>
          ) : null
        }
      />
    </div>
  )
}

export function NewPartnerPage({ kind, defaultLocale }: { kind: PartnerKind; defaultLocale: Locale }) {
  const { t } = useTranslation('parties')
  const { t: tc } = useTranslation()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'new-partner',
    lastResult: useIntentResult(),
    defaultValue: { adminLocale: defaultLocale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPartnerSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="max-w-2xl">
      <PageHeader title={t(`partners.${kind}.new`)}>{t(`partners.${kind}.newIntro`)}</PageHeader>
      <Form method="post" {...getFormProps(form)} className="card space-y-6 p-6" data-testid="new-partner-form">
        <FormError errors={form.errors} />
        <fieldset className="space-y-4">
          <legend className="mb-2 text-sm font-semibold">{t('org.section')}</legend>
          <Field label={t('org.code')} meta={fields.code} hint={t('org.codeHint')}>
            <input {...getInputProps(fields.code, { type: 'text' })} className="input font-mono uppercase" autoComplete="off" />
          </Field>
          <Field label={t('org.nameZh')} meta={fields.nameZh}>
            <input {...getInputProps(fields.nameZh, { type: 'text' })} className="input" autoComplete="off" />
          </Field>
          <Field label={t('org.nameEn')} meta={fields.nameEn}>
            <input {...getInputProps(fields.nameEn, { type: 'text' })} className="input" autoComplete="off" />
          </Field>
          <Field label={t('org.region')} meta={fields.region}>
            <input {...getInputProps(fields.region, { type: 'text' })} className="input" autoComplete="off" />
          </Field>
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="mb-2 text-sm font-semibold">{t('org.firstAdmin')}</legend>
          <InviteeFields fields={{ name: fields.adminName, email: fields.adminEmail, locale: fields.adminLocale }} />
        </fieldset>
        <div className="flex gap-2">
          <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid="create-partner">
            {t('invite.submit')}
          </SubmitButton>
          <Link to={`/console/${kind}s`} className="btn-secondary">
            {tc('actions.cancel')}
          </Link>
        </div>
      </Form>
    </div>
  )
}

export function PartnerDetailPage({
  kind,
  org,
  canManage,
  defaultLocale,
  sales,
}: {
  kind: PartnerKind
  org: PartnerOrgDto & { people: PersonDto[] }
  canManage: boolean
  defaultLocale: Locale
  sales?: DealerSales | null
}) {
  const { t, i18n } = useTranslation('parties')
  const active = org.status === 'active'
  return (
    <div className="space-y-6" data-testid="partner-detail">
      <Link to={`/console/${kind}s`} className="text-sm text-indigo-700 hover:underline">
        ← {t(`partners.${kind}.back`)}
      </Link>
      <PageHeader
        title={orgName(org, i18n.language)}
        actions={
          canManage ? (
            <Form method="post">
              <input type="hidden" name="intent" value={active ? 'deactivate-org' : 'activate-org'} />
              <button type="submit" className={active ? 'btn-danger' : 'btn-primary'} data-testid={active ? 'deactivate-org' : 'activate-org'}>
                {active ? t('org.deactivate') : t('org.activate')}
              </button>
            </Form>
          ) : null
        }
      >
        <span className="font-mono">{org.code}</span> · {orgName(org, i18n.language === 'en' ? 'zh-CN' : 'en')}
        {org.region ? ` · ${regionName(org.region, i18n.language as Locale)}` : ''} · <StatusBadge status={org.status} />
      </PageHeader>
      <ActionErrors intents={['deactivate-org', 'activate-org', 'resend']} />
      {!active ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="org-inactive">
          {t('org.inactiveNotice')}
        </p>
      ) : canManage ? (
        <p className="text-xs text-slate-500">{t('org.deactivateHint')}</p>
      ) : null}

      {sales ? <DealerSalesSection dealer={org} sales={sales} /> : null}

      <section className="card overflow-hidden" aria-labelledby="people-title">
        <h2 id="people-title" className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">
          {t('org.people')}
        </h2>
        {/* Scrolls inside the card on a phone, its cells whole: the table was cut off at the card's edge, squeezed into
            a character per line in Chinese, and the resend column's hidden label, outside any scroller, widened the page. */}
        <TableScroller labelledBy="people-title">
          <table className="min-w-full divide-y divide-slate-100 whitespace-nowrap text-sm" data-testid="org-people">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2.5">{t('person.name')}</th>
                <th scope="col" className="px-4 py-2.5">{t('person.email')}</th>
                <th scope="col" className="px-4 py-2.5">{t('person.roles')}</th>
                <th scope="col" className="px-4 py-2.5">{t('person.status')}</th>
                <th scope="col" className="px-4 py-2.5">
                  <span className="sr-only">{t('invite.resend')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {org.people.map((p) => (
                <tr key={p.id} data-testid="org-person" data-email={p.email}>
                  <td className="px-4 py-2.5 font-medium">{p.name}</td>
                  <td className="px-4 py-2.5">{p.email}</td>
                  <td className="px-4 py-2.5">
                    <RoleList roles={p.roles} />
                  </td>
                  <td className="px-4 py-2.5">
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="px-4 py-2.5 text-right">
                    {canManage && active && p.status === 'invited' ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="userId" value={p.id} />
                        <button type="submit" className="btn-ghost text-indigo-700" data-testid="resend-invite">
                          {t('invite.resend')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      </section>

      {canManage && active ? <InviteAdminForm defaultLocale={defaultLocale} /> : null}
    </div>
  )
}

function InviteAdminForm({ defaultLocale }: { defaultLocale: Locale }) {
  const { t } = useTranslation('parties')
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'invite-admin',
    lastResult: useIntentResult('invite'),
    defaultValue: { locale: defaultLocale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PartnerOrgActionSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <section className="card max-w-xl p-5" aria-labelledby="invite-admin-title">
      <h2 id="invite-admin-title" className="mb-4 text-sm font-semibold">
        {t('invite.adminTitle')}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="invite-admin-form">
        <FormError errors={form.errors} />
        <InviteeFields fields={{ name: fields.name, email: fields.email, locale: fields.locale }} />
        <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid="send-invite">
          {t('invite.submit')}
        </SubmitButton>
        <input type="hidden" name="intent" value="invite" />
      </Form>
    </section>
  )
}

interface DealerSales {
  overview: DealerOverview
  canEditTerms: boolean
  canSeeChannel: boolean
  locale: Locale
  timeZone: string
}

/** A dealer's standing with the host for its sales people: credit, orders waiting, goods on the way. */
function DealerSalesSection({ dealer, sales }: { dealer: PartnerOrgDto; sales: DealerSales }) {
  const { t } = useTranslation('parties')
  const { overview, locale, timeZone } = sales
  const { credit, counts } = overview
  // Its credit follows a change of its terms, as the dealer's own home does.
  useDealerTermsRevalidation((dealerOrgId) => dealerOrgId === dealer.id)
  const orders = (query: string) => `/console/orders?dealer=${encodeURIComponent(dealer.code)}${query}`
  return (
    <section className="card space-y-4 p-4" aria-labelledby="dealer-sales-title" data-testid="dealer-sales">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="dealer-sales-title" className="text-sm font-semibold">
          {t('dealerSales.title')}
        </h2>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link to={orders('')} className="text-indigo-700 hover:underline">
            {t('dealerSales.allOrders')}
          </Link>
          {sales.canEditTerms ? (
            <Link to={`/console/dealer-terms/${dealer.id}`} className="text-indigo-700 hover:underline" data-testid="dealer-terms-link">
              {t('dealerSales.terms')}
            </Link>
          ) : null}
          {sales.canSeeChannel ? (
            <Link to={`/console/channel-stock?dealer=${encodeURIComponent(dealer.code)}`} className="text-indigo-700 hover:underline">
              {t('dealerSales.channel')}
            </Link>
          ) : null}
        </div>
      </div>
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <li data-testid="dealer-sales-available">
          <StatTile
            value={credit ? formatMoney(credit.available, credit.currency, locale) : '—'}
            label={t('dealerSales.available')}
            tone={credit?.overLimit ? 'warn' : 'plain'}
            valueTestId="tile-value"
          />
        </li>
        <li data-testid="dealer-sales-awaitingApproval">
          <StatTile value={counts.awaitingApproval} label={t('dealerSales.awaitingApproval')} to={orders('&status=submitted')} valueTestId="tile-value" />
        </li>
        <li data-testid="dealer-sales-open">
          {/* Its open orders only: the whole list (delivered, cancelled) did not add up to the figure. */}
          <StatTile value={counts.open} label={t('dealerSales.open')} to={orders(`&status=${OPEN_STATUS_FILTER}`)} valueTestId="tile-value" />
        </li>
        <li data-testid="dealer-sales-unpaid">
          <StatTile
            value={credit ? formatMoney(credit.receivables, credit.currency, locale) : '—'}
            label={t('dealerSales.receivables')}
            to={orders('&payment=unpaid')}
            valueTestId="tile-value"
          />
        </li>
      </ul>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div>
          {credit ? (
            <>
              <CreditSummary credit={credit} currency={credit.currency} locale={locale} standing />
              <p className="mt-2 text-sm text-slate-600">
                {t('dealerSales.paymentTerms', { count: credit.paymentTermsDays })}
                {overview.salesContact ? ` · ${t('dealerSales.owner', { name: overview.salesContact.name })}` : ''}
              </p>
            </>
          ) : (
            <p className="text-sm text-slate-600">{t('dealerSales.noTerms')}</p>
          )}
        </div>
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t('dealerSales.recent')}</h3>
          {overview.recent.length ? (
            <RecentOrders
              orders={overview.recent}
              hrefOf={(id) => `/console/orders/${id}`}
              locale={locale}
              timeZone={timeZone}
              testId="dealer-sales-recent"
              rowClassName="py-1.5"
            />
          ) : (
            <p className="text-sm text-slate-600">{t('dealerSales.noOrders')}</p>
          )}
        </div>
      </div>
    </section>
  )
}
