import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { importChannelReport } from '~/domain/channel/import-channel-report.server'
import { ownReportedPeriods, reportingToday } from '~/domain/channel/channel.queries.server'
import { periodStartOf } from '~/domain/channel/channel.rules'
import { channelImportSpec, PeriodSchema, UploadFileSchema } from '~/domain/channel/channel.validation'
import { titleMeta } from '~/ui/catalog/meta'
import { DateField, PeriodKindField } from '~/ui/channel/channel-filters'
import { PeriodName } from '~/ui/channel/report-form'
import { pageTitle } from '~/ui/page-title.server'
import { SpreadsheetImport, type SpreadsheetImportResult } from '~/ui/spreadsheet-import'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export const meta = titleMeta

/**
 * The period is chosen above the upload form and travels in the URL (?kind=&period=), which the
 * form posts back to. Without either, it is the current week, as the page says.
 */
async function periodOf(request: Request) {
  const sp = new URL(request.url).searchParams
  if (!sp.has('kind') && !sp.has('period')) return PeriodSchema.safeParse({ kind: 'week', period: await reportingToday() })
  return PeriodSchema.safeParse({ kind: sp.get('kind') ?? '', period: sp.get('period') ?? '' })
}

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const asked = await periodOf(args.request)
  const period = asked.success ? asked.data : { kind: 'week' as const, period: await reportingToday() }
  const reported = await ownReportedPeriods(actor)
  return {
    title: await pageTitle(actor, 'channel', 'upload.title'),
    period,
    replacing: reported.includes(`${period.kind}|${periodStartOf(period.kind, period.period)}`),
    locale: actor.locale,
  }
}

// The path ends in /upload, which the HTTP layer lets carry a file of up to 20 MB.
export async function action(args: ActionFunctionArgs) {
  const actor = await requireDealer(args)
  const period = await periodOf(args.request)
  const parsed = await parseForm(args.request, UploadFileSchema)
  if (!parsed.ok) return parsed.response
  if (!period.success) return data({ submission: parsed.submission.reply({ formErrors: ['channel:errors.choosePeriod'], hideFields: ['file'] }) }, { status: 400 })
  const file = parsed.value.file
  try {
    const outcome = await importChannelReport(actor, period.data, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, { ip: args.context.ip })
    if (!outcome.ok) return data({ submission: parsed.submission.reply({ hideFields: ['file'] }), issues: outcome.issues }, { status: 422 })
    return redirectWithToast('/dealer/channel-stock', { key: 'channel:toast.uploaded', params: { rows: outcome.rows } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function UploadChannelReport() {
  const { title, period, replacing, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as SpreadsheetImportResult | undefined
  const { t } = useTranslation('channel')
  return (
    <SpreadsheetImport
      title={title}
      intro={
        <div className="space-y-3">
          <p className="max-w-3xl">{t('upload.intro')}</p>
          <Form method="get" className="flex flex-wrap items-end gap-2" data-testid="upload-period-form">
            <PeriodKindField id="upload-kind" value={period.kind} testId="upload-kind" />
            <DateField id="upload-period" name="period" label={t('form.period')} value={period.period} testId="upload-period" />
            <button type="submit" className="btn-secondary" data-testid="upload-period-apply">
              {t('upload.choosePeriod')}
            </button>
          </Form>
          <p className="text-sm font-medium" data-testid="upload-period-current">
            {t('upload.forPeriod')} <PeriodName kind={period.kind} date={period.period} locale={locale} />
            {replacing ? <span className="ml-2 text-amber-700">{t('form.replacing')}</span> : null}
          </p>
        </div>
      }
      spec={channelImportSpec}
      backPath="/dealer/channel-stock"
      templateBase="/dealer/channel-stock/template"
      describeColumn={(key) => t(`upload.describe.${key}`)}
      lastResult={actionData}
    />
  )
}
