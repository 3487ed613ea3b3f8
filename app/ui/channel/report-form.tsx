import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { isIsoDate, periodEnd, periodLabel, periodStartOf, reportedPeriodOf, type PeriodKind, type ReportedPeriod } from '~/domain/channel/channel.rules'
import { ReportFormSchema } from '~/domain/channel/channel.validation'
import { Field, FieldMessages, FormError } from '~/ui/form'
import { SubmitButton } from '~/ui/submit-button'
import { dateLocale, formatDateTime } from '~/utils/dates'
import { dateTimeFormat, inParens } from '~/utils/intl'

export interface ProductChoice {
  id: string
  sku: string
  name: string
  unit: string
}

export interface ReportFormDefaults {
  kind: PeriodKind
  period: string
  lines: Array<{ productId: string; onHand: string; sold: string }>
}

const blankLine = { productId: '', onHand: '', sold: '' }

/** "Week 47, 2026 · 16 Nov – 22 Nov": which period a chosen day stands for, shown as the dealer picks it. */
export function PeriodName({ kind, date, locale }: { kind: PeriodKind; date: string; locale: string }) {
  if (!isIsoDate(date)) return null
  const start = periodStartOf(kind, date)
  const fmt = dateTimeFormat(dateLocale(locale), { month: 'short', day: 'numeric', timeZone: 'UTC' })
  const span = `${fmt.format(new Date(`${start}T00:00:00Z`))} – ${fmt.format(new Date(`${periodEnd(kind, start)}T00:00:00Z`))}`
  return (
    <span data-testid="period-name">
      {periodLabel(kind, start, locale)} · {span}
    </span>
  )
}

/** Said before a submission replaces a report: whose report of which period, and when it came. */
export function ReplacingNote({ report, locale, timeZone, children }: { report: ReportedPeriod; locale: string; timeZone: string; children?: React.ReactNode }) {
  const { t } = useTranslation('channel')
  return (
    <p className="mt-1 text-sm text-amber-700" data-testid="replacing-note">
      {t('form.replaces', { period: report.label, at: formatDateTime(report.updatedAt, locale, timeZone), name: report.submittedBy })}
      {children}
    </p>
  )
}

/**
 * The dealer's report of one period: the period, then a row per product with the stock on hand at
 * the period's end and the units sold in it. Spare empty rows are ignored; a product may appear once.
 */
export function ChannelReportForm({
  defaultValue,
  products,
  lastResult,
  locale,
  timeZone,
  reported,
}: {
  defaultValue: ReportFormDefaults
  products: ProductChoice[]
  lastResult?: SubmissionResult<string[]> | null
  locale: string
  timeZone: string
  /** The dealer's reported periods: choosing one of them replaces its report. */
  reported: readonly ReportedPeriod[]
}) {
  const { t, i18n } = useTranslation('channel')
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm({
    id: 'channel-report',
    lastResult: lastResult ?? undefined,
    defaultValue: { ...defaultValue, lines: [...defaultValue.lines, blankLine, blankLine, blankLine] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportFormSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const lines = fields.lines.getFieldList()
  const kind: PeriodKind = fields.kind.value === 'month' ? 'month' : 'week'
  const period = String(fields.period.value ?? '')
  const chosenStart = isIsoDate(period) ? periodStartOf(kind, period) : null
  const replacing = reportedPeriodOf(reported, kind, period)
  // The rows were filled for the period the page was opened with; another reported period's figures are one click away.
  const otherReported = replacing !== null && !(kind === defaultValue.kind && chosenStart === periodStartOf(defaultValue.kind, defaultValue.period))
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-5 p-5" data-testid="channel-report-form">
      <FormError errors={form.errors} />
      <input type="hidden" name="replaces" value={replacing?.version ?? ''} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t('form.kind')} meta={fields.kind}>
          <select {...getSelectProps(fields.kind)} className="input" data-testid="report-kind">
            <option value="week">{t('kind.week')}</option>
            <option value="month">{t('kind.month')}</option>
          </select>
        </Field>
        <Field label={t('form.period')} meta={fields.period} hint={t('form.periodHint')}>
          <input {...getInputProps(fields.period, { type: 'date' })} className="input" data-testid="report-period" />
        </Field>
        <div className="self-center text-sm text-slate-700">
          <PeriodName kind={kind} date={period} locale={locale} />
          {replacing ? (
            <ReplacingNote report={replacing} locale={locale} timeZone={timeZone}>
              {otherReported ? (
                <>
                  {' '}
                  <Link to={`?kind=${kind}&period=${chosenStart}`} className="text-indigo-700 underline" data-testid="load-reported">
                    {t('form.loadReported')}
                  </Link>
                </>
              ) : null}
            </ReplacingNote>
          ) : null}
        </div>
      </div>

      <fieldset>
        <legend className="label">{t('form.lines')}</legend>
        {/* One grid for both layouts: on a phone each row is a card (the product on its own line, on
            hand and sold side by side); from sm up the cards become the rows of a table under this header.
            A table's fixed figure columns left a phone's product select a bare arrow. */}
        <div className="hidden gap-2 py-1 text-left text-xs uppercase text-slate-500 sm:grid sm:grid-cols-[minmax(0,1fr)_9rem_9rem_5rem]" aria-hidden>
          <span>{t('col.product')}</span>
          <span>{t('col.onHand')}</span>
          <span>{t('col.sold')}</span>
        </div>
        <ul className="space-y-3 sm:space-y-0" data-testid="report-lines">
          {lines.map((line, i) => {
            const lf = line.getFieldset()
            return (
              <li
                key={line.key}
                className="grid grid-cols-2 items-start gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_9rem_9rem_5rem] sm:rounded-none sm:border-0 sm:p-0 sm:py-1"
                data-testid="report-line"
              >
                <div className="col-span-2 min-w-0 sm:col-span-1">
                  <label htmlFor={lf.productId.id} className="mb-1 block text-xs font-medium text-slate-600 sm:sr-only">
                    {t('form.productN', { n: i + 1 })}
                  </label>
                  <select {...getSelectProps(lf.productId)} className="input" aria-label={t('form.productN', { n: i + 1 })} data-testid="line-product">
                    <option value="">{t('form.chooseProduct')}</option>
                    {products.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.sku} · {p.name}
                        {inParens(p.unit, i18n.language)}
                      </option>
                    ))}
                  </select>
                  <FieldMessages meta={lf.productId} />
                </div>
                <div className="min-w-0">
                  <label htmlFor={lf.onHand.id} className="mb-1 block text-xs font-medium text-slate-600 sm:sr-only">
                    {t('col.onHand')}
                  </label>
                  <input {...getInputProps(lf.onHand, { type: 'text' })} inputMode="decimal" className="input text-right" aria-label={t('form.onHandN', { n: i + 1 })} data-testid="line-on-hand" />
                  <FieldMessages meta={lf.onHand} />
                </div>
                <div className="min-w-0">
                  <label htmlFor={lf.sold.id} className="mb-1 block text-xs font-medium text-slate-600 sm:sr-only">
                    {t('col.sold')}
                  </label>
                  <input {...getInputProps(lf.sold, { type: 'text' })} inputMode="decimal" className="input text-right" aria-label={t('form.soldN', { n: i + 1 })} data-testid="line-sold" />
                  <FieldMessages meta={lf.sold} />
                </div>
                <div className="col-span-2 text-right sm:col-span-1">
                  {lines.length > 1 ? (
                    <button {...form.remove.getButtonProps({ name: fields.lines.name, index: i })} className="btn-ghost px-2 py-1 text-xs" aria-label={t('form.removeN', { n: i + 1 })}>
                      {t('form.remove')}
                    </button>
                  ) : null}
                </div>
              </li>
            )
          })}
        </ul>
        <FieldMessages meta={fields.lines} announce />
        <button {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: blankLine })} className="btn-secondary mt-2" data-testid="add-line">
          {t('form.addLine')}
        </button>
      </fieldset>
      <p className="text-xs text-slate-500">{t('form.quantityHint')}</p>
      <SubmitButton className="btn-primary" busy={busy} data-testid="report-submit">
        {replacing ? t('form.submitReplace') : t('form.submit')}
      </SubmitButton>
    </Form>
  )
}
