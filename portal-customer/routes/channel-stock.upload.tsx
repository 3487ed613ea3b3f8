import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { getInputProps, getSelectProps } from '@conform-to/react'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { importChannelReport } from '~/domain/channel/import-channel-report.server'
import { ownReportedPeriods, reportingToday } from '~/domain/channel/channel.queries.server'
import { reportedPeriodOf, type PeriodKind } from '~/domain/channel/channel.rules'
import { channelImportSpec, PeriodSchema, uploadFormSchema, UploadFormSchema } from '~/domain/channel/channel.validation'
import { titleMeta } from '~/ui/catalog/meta'
import { Field } from '~/ui/form'
import { PeriodName, ReplacingNote } from '~/ui/channel/report-form'
import { pageTitle } from '~/ui/page-title.server'
import { SpreadsheetImport, type SpreadsheetImportResult } from '~/ui/spreadsheet-import'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { notAFormResponse, parseFormData, readFormData } from '~/utils/form.server'

export const meta = titleMeta

// ?kind=&period= only preset the period fields (the current week without them); the posted fields decide.
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const sp = new URL(args.request.url).searchParams
  const asked = PeriodSchema.safeParse({ kind: sp.get('kind') ?? 'week', period: sp.get('period') ?? '' })
  const period = asked.success ? asked.data : { kind: 'week' as const, period: await reportingToday() }
  return {
    title: await pageTitle(actor, 'channel', 'upload.title'),
    period,
    reported: await ownReportedPeriods(actor),
    locale: actor.locale,
    timeZone: actor.timeZone,
  }
}

// The path ends in /upload, which the HTTP layer lets carry a file of up to 20 MB.
export async function action(args: ActionFunctionArgs) {
  const actor = await requireDealer(args)
  const formData = await readFormData(args.request)
  if (!formData) return notAFormResponse()
  // Parsed here rather than by parseForm: every answer must leave the file out (it cannot travel back).
  const submission = parseFormData(formData, uploadFormSchema(await reportingToday()))
  const reply = (opts: { formErrors?: string[]; fieldErrors?: Record<string, string[]> } = {}) => submission.reply({ ...opts, hideFields: ['file'] })
  if (submission.status !== 'success') return data({ submission: reply() }, { status: 400 })
  const { file, replaces, ...period } = submission.value
  try {
    // No `replaces` means the page said the period had no report: one there now is not overwritten unseen.
    const outcome = await importChannelReport(actor, period, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, { ip: args.context.ip, replaces: replaces ?? '' })
    if (!outcome.ok) return data({ submission: reply(), issues: outcome.issues }, { status: 422 })
    return redirectWithToast('/dealer/channel-stock', { key: 'channel:toast.uploaded', params: { count: outcome.rows } })
  } catch (err) {
    const answer = replyWithDomainError(err, { reply })
    // Remix does not reload the page's data after a refusal: the periods come with it, so the note names the report now there.
    return data({ ...answer.data, reported: await ownReportedPeriods(actor) }, answer.init ?? undefined)
  }
}

export default function UploadChannelReport() {
  const { title, period, reported: loaded, locale, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as (SpreadsheetImportResult & { reported?: typeof loaded }) | undefined
  const reported = actionData?.reported ?? loaded
  const { t } = useTranslation('channel')
  return (
    <SpreadsheetImport
      title={title}
      intro={<p className="max-w-3xl">{t('upload.intro')}</p>}
      spec={channelImportSpec}
      backPath="/dealer/channel-stock"
      templateBase="/dealer/channel-stock/template"
      describeColumn={(key) => t(`upload.describe.${key}`)}
      lastResult={actionData}
      extra={{
        schema: UploadFormSchema,
        defaultValue: { kind: period.kind, period: period.period },
        render: (fields) => {
          const kind: PeriodKind = fields.kind.value === 'month' ? 'month' : 'week'
          const date = String(fields.period.value ?? '')
          const replacing = reportedPeriodOf(reported, kind, date)
          return {
            fields: (
              <div className="space-y-3" data-testid="upload-period-fields">
                <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-3">
                  <Field label={t('form.kind')} meta={fields.kind}>
                    <select {...getSelectProps(fields.kind)} className="input w-auto" data-testid="upload-kind">
                      <option value="week">{t('kind.week')}</option>
                      <option value="month">{t('kind.month')}</option>
                    </select>
                  </Field>
                  <Field label={t('form.period')} meta={fields.period}>
                    <input {...getInputProps(fields.period, { type: 'date' })} className="input" data-testid="upload-period" />
                  </Field>
                </div>
                <p className="text-sm" data-testid="upload-period-current">
                  <span className="font-medium">{t('upload.forPeriod')}</span>
                  {/* The label ends in a full-width colon in Chinese, which needs no space after it. */}
                  {locale === 'en' ? ' ' : null}
                  <PeriodName kind={kind} date={date} locale={locale} />
                </p>
                {/* What the dealer was told is replaced; the server refuses the upload when the period's report is another by then. */}
                <input type="hidden" name="replaces" value={replacing?.version ?? ''} />
                {replacing ? <ReplacingNote report={replacing} locale={locale} timeZone={timeZone} /> : null}
              </div>
            ),
            submitLabel: replacing ? t('upload.submitReplace', { period: replacing.label }) : undefined,
          }
        },
      }}
    />
  )
}
