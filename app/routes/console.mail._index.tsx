import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { useRevalidateOn } from '~/realtime/client'
import { listMail, mailSortable } from '~/domain/notifications/mail.queries.server'
import { DataTable, type Column } from '~/ui/data-table'
import { MailStatus } from '~/ui/mail-status'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { parseListParams } from '~/utils/list-params'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'mail.view')
  const params = parseListParams(args.request.url, { sortable: mailSortable, defaultSort: 'createdAt', defaultDir: 'desc' })
  const { rows, total } = await listMail(actor, params)
  return {
    rows: rows.map((r) => ({ ...r, createdAt: formatDateTime(r.createdAt, actor.locale, actor.timeZone) })),
    total,
    params,
  }
}

type Row = Awaited<ReturnType<typeof loader>>['rows'][number]

export default function MailList() {
  const { rows, total, params } = useLoaderData<typeof loader>()
  const { t } = useTranslation('mail')
  // A new message, or one that went out (or failed), shows without a reload; a burst of
  // invitations refetches about once a second.
  useRevalidateOn('mail:changed', undefined, 1000)
  // On a phone a card per message (DataTable's phoneCards): as a table the subject stood a word per line, the
  // address broke at its hyphen and the status sat off the screen's edge.
  const columns: Column<Row>[] = [
    { key: 'createdAt', label: t('page.columns.createdAt'), sortable: true, className: 'whitespace-nowrap', cardClassName: 'max-sm:order-1', render: (r) => r.createdAt },
    { key: 'to', label: t('page.columns.to'), sortable: true, cardClassName: 'max-sm:order-3 max-sm:col-span-2', render: (r) => <span data-testid="mail-to">{r.to}</span> },
    {
      key: 'subject',
      label: t('page.columns.subject'),
      sortable: true,
      cardClassName: 'max-sm:order-4 max-sm:col-span-2',
      render: (r) => (
        <Link to={r.id} className="text-indigo-600 hover:underline" data-testid="mail-open">
          {r.subject}
        </Link>
      ),
    },
    { key: 'status', label: t('page.columns.status'), sortable: true, cardClassName: 'max-sm:order-2', render: (r) => <MailStatus status={r.status} /> },
  ]
  return (
    <div data-testid="mail-page">
      <PageHeader title={t('page.title')}>{t('page.intro')}</PageHeader>
      <DataTable
        label={t('page.title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => r.id}
        searchLabel={t('page.search')}
        emptyText={t('page.empty')}
        testId="mail-table"
        phoneCards
      />
    </div>
  )
}
