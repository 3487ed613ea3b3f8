// The auction set-up form (new and edit draft): every setting of the rules' set-up table, checked in
// the browser by the same zod schema the action parses with, and a live preview of what suppliers
// will see under the chosen visibility.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { softCloseTriggers, visibilities, type Visibility } from '~/domain/auction/auction.rules'
import type { SetupFormValues } from '~/domain/auction/auction-console.validation'
import { AuctionSetupSchema } from '~/domain/auction/auction.validation'
import { Field, FieldMessages, FormError } from '~/ui/form'
import { SupplierPreview } from './supplier-preview'
import { isoToLocalInput, localInputToIso } from './zoned-time'
import { SubmitButton } from '~/ui/submit-button'
import { inParens } from '~/utils/intl'

export type SetupDefaults = SetupFormValues

export interface SupplierChoice {
  id: string
  code: string
  name: string
  active: boolean
}

const CURRENCIES = ['CNY', 'USD', 'EUR']

export function AuctionSetupForm({
  defaultValue,
  suppliers,
  lastResult,
  submitLabel,
  timeZone,
  zoneLabel,
  locale,
}: {
  defaultValue: SetupDefaults
  suppliers: SupplierChoice[]
  lastResult?: SubmissionResult<string[]> | null
  submitLabel: string
  timeZone: string
  /** The zone's name, from the loader: Intl names some zones differently in Node and the browser, which breaks hydration. */
  zoneLabel: string
  locale: string
}) {
  const { t } = useTranslation('auction')
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'auction-setup',
    lastResult: lastResult ?? undefined,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AuctionSetupSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const lines = fields.lines.getFieldList()
  const invited = new Set(defaultValue.participantIds)
  const visibility = (visibilities as readonly string[]).includes(String(fields.visibility.value)) ? (fields.visibility.value as Visibility) : 'best'

  return (
    // The preview beside the form from xl, and three fields a row only from 2xl: a third of the column beside the
    // preview cut a date and time off in the middle ("04:00 A") and the visibility choice mid-word.
    <div className="grid gap-6 xl:grid-cols-[1fr_20rem]">
      <Form method="post" {...getFormProps(form)} className="space-y-6" data-testid="auction-setup-form">
        <FormError errors={form.errors} />
        <section className="card space-y-4 p-4" aria-labelledby="setup-what">
          <h2 id="setup-what" className="text-base font-semibold">
            {t('console.form.what')}
          </h2>
          <Field label={t('console.form.title')} meta={fields.title}>
            <input {...getInputProps(fields.title, { type: 'text' })} className="input" data-testid="auction-title" />
          </Field>
          <Field label={t('console.form.description')} meta={fields.description}>
            <textarea {...getTextareaProps(fields.description)} rows={2} className="input" data-testid="auction-description" />
          </Field>
          <div>
            <p className="label">{t('console.form.lines')}</p>
            <table className="w-full text-sm" data-testid="auction-lines">
              <thead className="text-left text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-1 pr-2">{t('console.form.lineDescription')}</th>
                  <th className="w-20 py-1 pr-2 sm:w-28">{t('console.form.quantity')}</th>
                  <th className="w-16 py-1 pr-2 sm:w-24">{t('console.form.unit')}</th>
                  {/* No fixed width on a phone: with one line the column is empty, and its 4rem left the description a sliver. */}
                  <th className="sm:w-16">
                    <span className="sr-only">{t('common:table.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line, i) => {
                  const lf = line.getFieldset()
                  return (
                    <tr key={line.key} className="align-top" data-testid="auction-line">
                      <td className="py-1 pr-2">
                        <input {...getInputProps(lf.productId, { type: 'hidden' })} />
                        <input {...getInputProps(lf.description, { type: 'text' })} className="input" aria-label={t('console.form.lineDescription')} data-testid="line-description" />
                        <FieldMessages meta={lf.description} />
                      </td>
                      <td className="py-1 pr-2">
                        <input {...getInputProps(lf.quantity, { type: 'text' })} inputMode="decimal" className="input" aria-label={t('console.form.quantity')} data-testid="line-quantity" />
                        <FieldMessages meta={lf.quantity} />
                      </td>
                      <td className="py-1 pr-2">
                        <input {...getInputProps(lf.unit, { type: 'text' })} className="input" aria-label={t('console.form.unit')} data-testid="line-unit" />
                        <FieldMessages meta={lf.unit} />
                      </td>
                      <td className="py-1 text-right">
                        {lines.length > 1 ? (
                          <button {...form.remove.getButtonProps({ name: fields.lines.name as never, index: i })} className="btn-ghost px-2 py-1 text-xs" aria-label={t('console.form.removeLine', { n: i + 1 })}>
                            {t('console.form.remove')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
            <FieldMessages meta={fields.lines} announce />
            <button {...form.insert.getButtonProps({ name: fields.lines.name as never, defaultValue: { productId: '', description: '', quantity: '1', unit: 'pcs' } as never })} className="btn-secondary mt-2" data-testid="add-line">
              {t('console.form.addLine')}
            </button>
          </div>
        </section>

        <section className="card space-y-3 p-4" aria-labelledby="setup-who">
          <h2 id="setup-who" className="text-base font-semibold">
            {t('console.form.participants')}
          </h2>
          <fieldset aria-describedby={fields.participantIds.errors?.length ? fields.participantIds.errorId : undefined}>
            <legend className="sr-only">{t('console.form.participants')}</legend>
            <ul className="grid gap-1 sm:grid-cols-2">
              {suppliers.map((s) => (
                <li key={s.id}>
                  <label className={`flex items-center gap-2 text-sm ${s.active ? '' : 'text-slate-500'}`}>
                    <input
                      type="checkbox"
                      name={fields.participantIds.name}
                      value={s.id}
                      defaultChecked={s.active && invited.has(s.id)}
                      disabled={!s.active}
                      data-testid={`participant-${s.code}`}
                    />
                    <span className="font-mono text-xs">{s.code}</span> {s.name}
                    {s.active ? null : <span className="text-xs">{inParens(t('console.form.inactive'), locale)}</span>}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <FieldMessages meta={fields.participantIds} announce />
          <div className="w-48">
            <Field label={t('console.form.minParticipants')} meta={fields.minParticipants}>
              <input {...getInputProps(fields.minParticipants, { type: 'number' })} min={1} className="input" data-testid="auction-min-participants" />
            </Field>
          </div>
        </section>

        <section className="card grid gap-4 p-4 sm:grid-cols-2 2xl:grid-cols-3" aria-labelledby="setup-price">
          <h2 id="setup-price" className="col-span-full text-base font-semibold">
            {t('console.form.prices')}
          </h2>
          <Field label={t('console.form.currency')} meta={fields.currency}>
            <select {...getSelectProps(fields.currency)} className="input" data-testid="auction-currency">
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('console.form.ceiling')} meta={fields.ceiling} hint={t('console.form.ceilingHint')}>
            <input {...getInputProps(fields.ceiling, { type: 'text' })} inputMode="decimal" className="input" data-testid="auction-ceiling" />
          </Field>
          <Field label={t('console.form.reserve')} meta={fields.reserve} hint={t('console.form.reserveHint')}>
            <input {...getInputProps(fields.reserve, { type: 'text' })} inputMode="decimal" className="input" data-testid="auction-reserve" />
          </Field>
          <Field label={t('console.form.lastPurchasePrice')} meta={fields.lastPurchasePrice} hint={t('console.form.lastPurchasePriceHint')}>
            <input {...getInputProps(fields.lastPurchasePrice, { type: 'text' })} inputMode="decimal" className="input" data-testid="auction-last-purchase-price" />
          </Field>
          <Field label={t('console.form.decrementAmount')} meta={fields.decrementAmount}>
            <input {...getInputProps(fields.decrementAmount, { type: 'text' })} inputMode="decimal" className="input" data-testid="auction-decrement-amount" />
          </Field>
          <Field label={t('console.form.decrementPercent')} meta={fields.decrementPercent} hint={t('console.form.decrementHint')}>
            <input {...getInputProps(fields.decrementPercent, { type: 'text' })} inputMode="decimal" className="input" data-testid="auction-decrement-percent" />
          </Field>
          <Field label={t('console.form.maxSingleDrop')} meta={fields.maxSingleDropPercent} hint={t('console.form.maxSingleDropHint')}>
            <input {...getInputProps(fields.maxSingleDropPercent, { type: 'text' })} inputMode="decimal" className="input" data-testid="auction-max-drop" />
          </Field>
          <Field label={t('console.form.mustBeatBest')} meta={fields.mustBeatBest}>
            <select {...getSelectProps(fields.mustBeatBest)} className="input" data-testid="auction-must-beat-best">
              <option value="on">{t('console.form.yes')}</option>
              <option value="off">{t('console.form.no')}</option>
            </select>
          </Field>
          {/* Rank only hides the best price, but "must beat the best" makes the highest acceptable amount (which the rules
              say every supplier is told) one decrement below it: the buyer is told before choosing, not surprised. */}
          <Field
            label={t('console.form.visibility')}
            meta={fields.visibility}
            hint={t(visibility === 'rank' && fields.mustBeatBest.value !== 'off' ? 'visibilityHint.rankMustBeatBest' : `visibilityHint.${visibility}`)}
          >
            <select {...getSelectProps(fields.visibility)} className="input" data-testid="auction-visibility">
              {visibilities.map((v) => (
                <option key={v} value={v}>
                  {t(`visibility.${v}`)}
                </option>
              ))}
            </select>
          </Field>
        </section>

        <section className="card grid gap-4 p-4 sm:grid-cols-2 2xl:grid-cols-3" aria-labelledby="setup-when">
          <h2 id="setup-when" className="col-span-full text-base font-semibold">
            {t('console.form.schedule')}
            <span className="text-xs font-normal text-slate-500">{t('console.inZone', { zone: zoneLabel })}</span>
          </h2>
          <ZonedInstant label={t('console.form.startsAt')} meta={fields.startsAt} initial={defaultValue.startsAt} timeZone={timeZone} testId="auction-starts-at" />
          <ZonedInstant label={t('console.form.endsAt')} meta={fields.endsAt} initial={defaultValue.endsAt} timeZone={timeZone} testId="auction-ends-at" />
          <ZonedInstant label={t('console.form.hardStopAt')} meta={fields.hardStopAt} initial={defaultValue.hardStopAt} timeZone={timeZone} testId="auction-hard-stop" hint={t('console.form.hardStopHint')} />
          <Field label={t('console.form.softCloseWindow')} meta={fields.softCloseWindowSeconds}>
            <input {...getInputProps(fields.softCloseWindowSeconds, { type: 'number' })} min={0} className="input" data-testid="auction-window" />
          </Field>
          <Field label={t('console.form.softCloseExtension')} meta={fields.softCloseExtensionSeconds}>
            <input {...getInputProps(fields.softCloseExtensionSeconds, { type: 'number' })} min={1} className="input" data-testid="auction-extension" />
          </Field>
          <Field label={t('console.form.softCloseTrigger')} meta={fields.softCloseTrigger}>
            <select {...getSelectProps(fields.softCloseTrigger)} className="input" data-testid="auction-trigger">
              {softCloseTriggers.map((v) => (
                <option key={v} value={v}>
                  {t(`trigger.${v}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('console.form.maxExtensions')} meta={fields.softCloseMaxExtensions} hint={t('console.form.maxExtensionsHint')}>
            <input {...getInputProps(fields.softCloseMaxExtensions, { type: 'text' })} inputMode="numeric" className="input" data-testid="auction-max-extensions" />
          </Field>
        </section>

        <div className="flex justify-end">
          <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid="auction-save">
            {submitLabel}
          </SubmitButton>
        </div>
      </Form>
      <aside>
        <SupplierPreview
          visibility={visibility}
          currency={String(fields.currency.value ?? defaultValue.currency)}
          ceiling={String(fields.ceiling.value ?? '')}
          decrementAmount={String(fields.decrementAmount.value ?? '')}
          decrementPercent={String(fields.decrementPercent.value ?? '')}
          locale={locale}
        />
      </aside>
    </div>
  )
}

/**
 * A datetime-local input in the user's time zone whose UTC instant travels in a hidden input under
 * the schema's name (the schema refuses zone-less times).
 */
function ZonedInstant({ label, meta, initial, timeZone, testId, hint }: { label: string; meta: Parameters<typeof Field>[0]['meta']; initial: string; timeZone: string; testId: string; hint?: string }) {
  const [iso, setIso] = useState(initial)
  const [local, setLocal] = useState(() => isoToLocalInput(initial, timeZone))
  return (
    <div>
      <label htmlFor={`${meta.id}-local`} className="label">
        {label}
      </label>
      <input
        id={`${meta.id}-local`}
        type="datetime-local"
        className="input"
        value={local}
        onChange={(e) => {
          setLocal(e.target.value)
          setIso(localInputToIso(e.target.value, timeZone))
        }}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={meta.errors?.length ? meta.errorId : undefined}
        data-testid={testId}
      />
      <input type="hidden" name={meta.name} value={iso} data-testid={`${testId}-iso`} />
      <FieldMessages meta={meta} hint={hint} />
    </div>
  )
}
