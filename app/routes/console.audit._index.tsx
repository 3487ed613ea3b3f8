import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { auditEntityTypes, listAuditRows, type AuditRowDto } from '~/domain/audit/audit.queries.server'
import { changedCount, diffAuditValues } from '~/domain/audit/audit-diff.rules'
import { AuditFilterSchema, auditFilterKeys, EXPORT_ROW_CAP, filterSearchParams, type AuditFilter } from '~/domain/audit/audit.validation'
import type { ChainVerificationDto } from '~/domain/audit/verify-chain.server'
import { DataTable, type Column } from '~/ui/data-table'
import { GetForm } from '~/ui/list-form'
import { useErrorText } from '~/ui/form'
import { useAuditActionLabel } from '~/ui/audit-action'
import { AuditDiff } from '~/ui/audit-diff'
import { PageHeader } from '~/ui/shell'
import { SubmitButton } from '~/ui/submit-button'
import { formatDateTime } from '~/utils/dates'
import { parseListParams } from '~/utils/list-params'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'audit.view')
  const url = new URL(args.request.url)
  const list = parseListParams(url, { sortable: ['at'] as const, defaultSort: 'at', defaultDir: 'desc', filters: auditFilterKeys, pageSize: 25 })
  const raw: Record<string, string> = { ...list.filters, ...(list.q ? { q: list.q } : {}) }
  const entityTypes = await auditEntityTypes(actor)
  const headers = { 'Cache-Control': 'no-store' }
  const base = { params: { q: list.q, page: list.page, pageSize: list.pageSize, sort: list.sort, dir: list.dir, filters: list.filters }, raw, entityTypes, timeZone: actor.timeZone }
  const parsed = AuditFilterSchema.safeParse(raw)
  if (!parsed.success) {
    const errors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? '')] ??= []).push(issue.message)
    return data({ ...base, errors, filter: null as AuditFilter | null, rows: [] as AuditRowDto[], total: 0 }, { status: 400, headers })
  }
  const { rows, total } = await listAuditRows(actor, parsed.data, list)
  return data({ ...base, errors: {} as Record<string, string[]>, filter: parsed.data as AuditFilter | null, rows, total }, { headers })
}

export default function AuditLogPage() {
  const { params, raw, entityTypes, timeZone, errors, filter, rows, total } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('audit')
  const actionLabel = useAuditActionLabel()
  const errorText = useErrorText()
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set())
  const toggle = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev)
      if (!next.delete(id)) next.add(id)
      return next
    })

  const columns: Column<AuditRowDto>[] = [
    {
      key: 'id',
      label: t('columns.id'),
      className: 'whitespace-nowrap font-mono text-xs text-slate-500',
      render: (r) => <span data-testid="audit-id">{r.id}</span>,
    },
    {
      key: 'at',
      label: t('columns.at'),
      sortable: true,
      className: 'whitespace-nowrap',
      render: (r) => (
        <time dateTime={r.at} title={r.at}>
          {formatDateTime(r.at, i18n.language, timeZone)}
        </time>
      ),
    },
    {
      key: 'actor',
      label: t('columns.actor'),
      render: (r) =>
        r.actor ? (
          <div data-testid="audit-actor">
            <div>{r.actor.name}</div>
            <div className="text-xs text-slate-500">{r.actor.email}</div>
          </div>
        ) : (
          <span className="text-slate-500" data-testid="audit-actor">
            {t(`actorKinds.${r.actorKind}`, { defaultValue: r.actorKind })}
          </span>
        ),
    },
    {
      key: 'action',
      label: t('columns.action'),
      render: (r) => (
        <div data-testid="audit-action" data-action={r.action}>
          <div>{actionLabel(r.action)}</div>
          <code className="text-xs text-slate-500">{r.action}</code>
        </div>
      ),
    },
    {
      key: 'entity',
      label: t('columns.entity'),
      render: (r) => (
        <div className="min-w-[9rem] max-w-xs [overflow-wrap:anywhere]">
          <div className="text-xs text-slate-500" title={r.entityType}>
            {t(`entityTypes.${r.entityType}`, { defaultValue: r.entityType })}
          </div>
          {r.entityId ? <div className="font-mono text-xs">{r.entityLabel ?? r.entityId}</div> : null}
        </div>
      ),
    },
    {
      key: 'outcome',
      label: t('columns.outcome'),
      render: (r) => (
        <span
          data-testid="audit-outcome"
          className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${r.outcome === 'denied' ? 'bg-rose-100 text-rose-800' : 'bg-emerald-100 text-emerald-800'}`}
        >
          {t(`outcomes.${r.outcome}`)}
        </span>
      ),
    },
    { key: 'ip', label: t('columns.ip'), className: 'whitespace-nowrap font-mono text-xs', render: (r) => r.ip ?? '—' },
    {
      key: 'details',
      label: t('columns.details'),
      className: 'whitespace-nowrap',
      render: (r) => <ExpandToggle row={r} open={expanded.has(r.id)} onToggle={() => toggle(r.id)} />,
    },
  ]

  const exportQuery = filter ? filterSearchParams(filter).toString() : ''
  const tooMany = total > EXPORT_ROW_CAP
  const canExport = filter !== null && !tooMany
  const exportHref = (format: 'csv' | 'xlsx') => `/console/audit/export?format=${format}${exportQuery ? `&${exportQuery}` : ''}`

  return (
    <div data-testid="audit-page">
      <PageHeader
        title={t('title')}
        actions={
          canExport ? (
            <>
              {/* Plain links: the browser downloads the attachment; no client-side navigation. */}
              <a className="btn-secondary" href={exportHref('csv')} download data-testid="export-csv">
                {t('export.csv')}
              </a>
              <a className="btn-secondary" href={exportHref('xlsx')} download data-testid="export-xlsx">
                {t('export.xlsx')}
              </a>
            </>
          ) : null
        }
      >
        {t('intro')}
      </PageHeader>
      {tooMany ? (
        <p className="mb-4 text-sm text-amber-700" data-testid="export-too-many">
          {t('export.tooMany', { max: EXPORT_ROW_CAP })}
        </p>
      ) : null}
      <ChainBanner />
      <FilterForm raw={raw} params={params} entityTypes={entityTypes} errors={errors} errorText={errorText} />
      <DataTable
        testId="audit-table"
        label={t('title')}
        columns={columns}
        rows={rows}
        total={total}
        params={params}
        rowKey={(r) => String(r.id)}
        renderExpanded={(r) => (expanded.has(r.id) ? <DetailsPanel row={r} /> : null)}
        searchLabel={t('search')}
        emptyText={t('empty')}
      />
    </div>
  )
}

function ChainBanner() {
  const { t } = useTranslation('audit')
  const fetcher = useFetcher<ChainVerificationDto>()
  // Verified once per visit (not per filter or page change): a full check reads the whole log.
  useEffect(() => {
    if (fetcher.state === 'idle' && !fetcher.data) fetcher.load('/console/audit/verify')
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const result = fetcher.data
  const busy = fetcher.state !== 'idle'
  const tone = !result ? 'border-slate-200 bg-white text-slate-700' : result.ok ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-rose-200 bg-rose-50 text-rose-900'
  return (
    <div
      className={`mb-4 flex flex-wrap items-center justify-between gap-3 rounded-lg border px-4 py-3 text-sm ${tone}`}
      data-testid="chain-banner"
      data-state={busy || !result ? 'checking' : result.ok ? 'ok' : 'broken'}
    >
      {/* The status holds the sentence alone: a status is read out whole (atomic), so around the button each change ended with "Verify again". */}
      <span role="status" aria-live="polite">
        {busy || !result
          ? t('chain.checking')
          : result.ok
            ? t('chain.ok', { count: result.checked })
            : t('chain.broken', { id: result.brokenAtId, count: result.checked })}
      </span>
      {/* Busy, not disabled: a disabled button drops the keyboard user who pressed it to <body>. */}
      <SubmitButton type="button" className="btn-secondary" busy={busy} onClick={() => fetcher.load('/console/audit/verify')} data-testid="chain-verify">
        {t('chain.verify')}
      </SubmitButton>
    </div>
  )
}

function FilterForm({
  raw,
  params,
  entityTypes,
  errors,
  errorText,
}: {
  raw: Record<string, string>
  params: { q: string; sort: string; dir: string; pageSize: number }
  entityTypes: string[]
  errors: Record<string, string[]>
  errorText: (m: string) => string
}) {
  const { t } = useTranslation('audit')
  const field = (name: string, label: string, input: React.ReactElement) => {
    const err = errors[name]
    return (
      <div>
        <label htmlFor={`audit-${name}`} className="label">
          {label}
        </label>
        {input}
        {err?.length ? (
          <p id={`audit-${name}-error`} className="mt-1 text-sm text-rose-600" role="alert" data-testid={`error-${name}`}>
            {err.map(errorText).join(' ')}
          </p>
        ) : null}
      </div>
    )
  }
  const inputProps = (name: string) => ({
    id: `audit-${name}`,
    name,
    defaultValue: raw[name] ?? '',
    className: 'input',
    'aria-invalid': errors[name]?.length ? true : undefined,
    'aria-describedby': errors[name]?.length ? `audit-${name}-error` : undefined,
    'data-testid': `filter-${name}`,
  })
  // Keyed by the URL's filter so "Reset" and back/forward refill the uncontrolled inputs.
  return (
    <GetForm className="card mb-4 p-4" aria-label={t('filters.title')} data-testid="audit-filters">
      {params.q ? <input type="hidden" name="q" value={params.q} /> : null}
      {params.sort !== 'at' || params.dir !== 'desc' ? (
        <>
          <input type="hidden" name="sort" value={params.sort} />
          <input type="hidden" name="dir" value={params.dir} />
        </>
      ) : null}
      {params.pageSize !== 25 ? <input type="hidden" name="size" value={params.pageSize} /> : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {field('actor', t('filters.actor'), <input {...inputProps('actor')} type="search" placeholder={t('filters.actorHint')} />)}
        {field('action', t('filters.action'), <input {...inputProps('action')} type="search" placeholder={t('filters.actionHint')} />)}
        {field(
          'entityType',
          t('filters.entityType'),
          // A choice of the types the log holds, by name: typing one meant knowing its code (sales_order).
          <select {...inputProps('entityType')}>
            <option value="">{t('filters.any')}</option>
            {entityTypes.map((e) => (
              <option key={e} value={e}>
                {t(`entityTypes.${e}`, { defaultValue: e })}
              </option>
            ))}
          </select>,
        )}
        {field('entityId', t('filters.entityId'), <input {...inputProps('entityId')} type="search" />)}
        {field(
          'outcome',
          t('filters.outcome'),
          <select {...inputProps('outcome')}>
            <option value="">{t('filters.any')}</option>
            <option value="ok">{t('outcomes.ok')}</option>
            <option value="denied">{t('outcomes.denied')}</option>
          </select>,
        )}
        {field('from', t('filters.from'), <input {...inputProps('from')} type="date" />)}
        {field('to', t('filters.to'), <input {...inputProps('to')} type="date" />)}
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary" data-testid="filter-apply">
            {t('filters.apply')}
          </button>
          <Link to="/console/audit" className="btn-secondary" data-testid="filter-reset">
            {t('filters.reset')}
          </Link>
        </div>
      </div>
    </GetForm>
  )
}

function ExpandToggle({ row, open, onToggle }: { row: AuditRowDto; open: boolean; onToggle: () => void }) {
  const { t } = useTranslation('audit')
  const entries = diffAuditValues(row.before, row.after)
  return (
    <button
      type="button"
      className="-my-1 inline-flex min-h-6 items-center gap-1 text-xs text-indigo-700 hover:underline"
      aria-expanded={open}
      aria-controls={`audit-details-${row.id}`}
      onClick={onToggle}
      data-testid="audit-expand"
    >
      <span aria-hidden>{open ? '▾' : '▸'}</span>
      {entries.length ? t('diff.summary', { count: changedCount(entries) }) : t('diff.none')}
    </button>
  )
}

function DetailsPanel({ row }: { row: AuditRowDto }) {
  const { t } = useTranslation('audit')
  return (
    <div id={`audit-details-${row.id}`} className="space-y-3 rounded-md border border-slate-200 bg-white p-3" data-testid="audit-details">
      <AuditDiff before={row.before} after={row.after} entityType={row.entityType} caption={t('diff.caption', { id: row.id })} recordedKeys />
      <dl className="grid grid-cols-[auto,1fr] gap-x-3 gap-y-0.5 text-xs text-slate-500">
        <dt>{t('diff.entityId')}</dt>
        <dd className="break-all font-mono">{row.entityId ?? '—'}</dd>
        <dt>{t('diff.hash')}</dt>
        <dd className="break-all font-mono">{row.hash}</dd>
      </dl>
    </div>
  )
}
