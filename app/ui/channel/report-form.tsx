import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { isIsoDate, periodEnd, periodLabel, periodStartOf, type PeriodKind } from '~/domain/channel/channel.rules'
import { ReportFormSchema } from '~/domain/channel/channel.validation'
import { Field, FieldMessages, FormError } from '~/ui/form'
import { dateTimeFormat } from '~/utils/intl'

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

/** "2026-W47 (16.11.–22.11.)": which period a chosen day stands for, shown as the dealer picks it. */
export function PeriodName({ kind, date, locale }: { kind: PeriodKind; date: string; locale: string }) {
  if (!isIsoDate(date)) return null
  const start = periodStartOf(kind, date)
  const fmt = dateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' })
  const span = `${fmt.format(new Date(`${start}T00:00:00Z`))} – ${fmt.format(new Date(`${periodEnd(kind, start)}T00:00:00Z`))}`
  return (
    <span data-testid="period-name">
      {periodLabel(kind, start)} · {span}
    </span>
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
  reported,
}: {
  defaultValue: ReportFormDefaults
  products: ProductChoice[]
  lastResult?: SubmissionResult<string[]> | null
  locale: string
  /** `${kind}|${periodStart}` of the dealer's reports: choosing one of those periods replaces its report. */
  reported: readonly string[]
}) {
  const { t } = useTranslation('channel')
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
  const replacing = chosenStart !== null && reported.includes(`${kind}|${chosenStart}`)
  // The rows were filled for the period the page was opened with; another reported period's figures are one click away.
  const otherReported = replacing && !(kind === defaultValue.kind && chosenStart === periodStartOf(defaultValue.kind, defaultValue.period))
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-5 p-5" data-testid="channel-report-form">
      <FormError errors={form.errors} />
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
            <p className="mt-1 text-amber-700" data-testid="replacing-note">
              {t('form.replacing')}
              {otherReported ? (
                <>
                  {' '}
                  <Link to={`?kind=${kind}&period=${chosenStart}`} className="text-indigo-700 underline" data-testid="load-reported">
                    {t('form.loadReported')}
                  </Link>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
      </div>

      <div>
        <p className="label">{t('form.lines')}</p>
        <table className="w-full text-sm" data-testid="report-lines">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-2">{t('col.product')}</th>
              <th scope="col" className="w-36 py-1 pr-2">{t('col.onHand')}</th>
              <th scope="col" className="w-36 py-1 pr-2">{t('col.sold')}</th>
              <th scope="col" className="w-20" />
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              const lf = line.getFieldset()
              return (
                <tr key={line.key} className="align-top" data-testid="report-line">
                  <td className="py-1 pr-2">
                    <select {...getSelectProps(lf.productId)} className="input" aria-label={t('form.productN', { n: i + 1 })} data-testid="line-product">
                      <option value="">{t('form.chooseProduct')}</option>
                      {products.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.sku} · {p.name} ({p.unit})
                        </option>
                      ))}
                    </select>
                    <FieldMessages meta={lf.productId} />
                  </td>
                  <td className="py-1 pr-2">
                    <input {...getInputProps(lf.onHand, { type: 'text' })} inputMode="decimal" className="input text-right" aria-label={t('form.onHandN', { n: i + 1 })} data-testid="line-on-hand" />
                    <FieldMessages meta={lf.onHand} />
                  </td>
                  <td className="py-1 pr-2">
                    <input {...getInputProps(lf.sold, { type: 'text' })} inputMode="decimal" className="input text-right" aria-label={t('form.soldN', { n: i + 1 })} data-testid="line-sold" />
                    <FieldMessages meta={lf.sold} />
                  </td>
                  <td className="py-1 text-right">
                    {lines.length > 1 ? (
                      <button {...form.remove.getButtonProps({ name: fields.lines.name, index: i })} className="btn-ghost px-2 py-1 text-xs" aria-label={t('form.removeN', { n: i + 1 })}>
                        {t('form.remove')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <FieldMessages meta={fields.lines} />
        <button {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: blankLine })} className="btn-secondary mt-2" data-testid="add-line">
          {t('form.addLine')}
        </button>
      </div>
      <p className="text-xs text-slate-500">{t('form.quantityHint')}</p>
      <button type="submit" className="btn-primary" disabled={busy} data-testid="report-submit">
        {replacing ? t('form.submitReplace') : t('form.submit')}
      </button>
    </Form>
  )
}
