import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Tracking } from '~/domain/catalog/catalog.rules'
import { AdjustStockSchema, CountStockSchema, TransferStockSchema } from '~/domain/inventory/inventory.validation'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { BATCH_MAX } from '~/domain/inventory/batch-trace.validation'
import { PLACE_LOOKUP_LIMIT, type PlaceLookupStock } from '~/domain/inventory/stock-places.validation'
import { Field, FormError } from '~/ui/form'
import { SubmitButton } from '~/ui/submit-button'
import { useIntentSubmission } from '~/ui/intent-submission'
import { usePlaceLookup } from './place-lookup'

export interface WarehouseChoice {
  id: string
  code: string
  name: string
  bins: Array<{ id: string; code: string }>
}

/** One balance line of the product, as the page lists them: the forms offer the batches at the place chosen. */
export interface StockAtPlace {
  warehouseId: string
  binId: string | null
  batch: string | null
  onHand: string
  available: string
}

type LastResult = SubmissionResult<string[]> | undefined
type FormProps = {
  warehouses: WarehouseChoice[]
  lastResult: LastResult
  /** The product's batches, offered as the batch field's suggestions. */
  batches?: readonly string[]
  /** How the product is tracked: by batch the batch is asked for, by serial number one per unit. */
  tracking?: Tracking
  /** The product's balance lines, for the batches available at the place chosen (a line without a batch is passed over). */
  stock?: readonly StockAtPlace[]
  /**
   * A serial-tracked product's serial numbers are not on the page (hundreds per place): the forms ask this lookup
   * (placeLookupEndpoint) for those at the place chosen, a bounded page by their first characters.
   */
  lookup?: string
  locale?: string
}
type BodyProps = FormProps & { busy: boolean }
type Place = { warehouseId: string; binId: string }

/** A stock form that starts empty after each success (see useIntentSubmission). */
function resetAfterSuccess(intent: string, Body: (props: BodyProps) => React.ReactElement) {
  return function IntentForm(props: FormProps) {
    const { busy, generation } = useIntentSubmission(intent, props.lastResult, intent)
    return <Body key={generation} {...props} busy={busy} />
  }
}

/** The batches (or serial numbers) with stock available at a place, oldest name first. */
function availableAt(stock: readonly StockAtPlace[] | undefined, place: Place): StockAtPlace[] {
  if (!place.warehouseId) return []
  return (stock ?? []).filter((s) => s.batch && s.warehouseId === place.warehouseId && (s.binId ?? '') === place.binId && Number(s.available) > 0)
}

/** The place a form's warehouse and bin selects have chosen, starting from what a refused submission kept. */
function usePlace(warehouse: { initialValue?: unknown }, bin: { initialValue?: unknown }) {
  return useState<Place>({ warehouseId: (warehouse.initialValue as string | undefined) ?? '', binId: (bin.initialValue as string | undefined) ?? '' })
}

/**
 * The batch field, suggesting the batches available at the place chosen (with how many) and then the product's others: a
 * typo would open a new batch (the server matches a known one whatever its case, as it does bins). For a serial-tracked
 * product (the count form) it is the serial number.
 */
function BatchField({
  meta,
  batches,
  here,
  formId,
  tracking,
  locale,
  onHand,
  lookup,
  place,
}: {
  meta: Parameters<typeof getInputProps>[0]
  batches?: readonly string[]
  here: StockAtPlace[]
  formId: string
  tracking: Tracking
  locale?: string
  /** Say what is on hand (a count) rather than what is available (a move). */
  onHand?: boolean
  /** A serial-tracked product's lookup: the serial numbers at the place starting with what is typed are suggested. */
  lookup?: string
  place: Place
}) {
  const { t } = useTranslation('inventory')
  const listId = `${formId}-batches`
  const [typed, setTyped] = useState((meta.initialValue as string | undefined) ?? '')
  const serials = useSerialsAt(tracking === 'serial' ? lookup : undefined, place, onHand ? 'onHand' : 'available', typed.trim(), PLACE_LOOKUP_LIMIT)
  const suggested: StockAtPlace[] = tracking === 'serial' ? (serials.latest?.rows ?? []).map((r) => ({ warehouseId: place.warehouseId, binId: place.binId || null, ...r })) : here
  const atPlace = new Set(suggested.map((h) => h.batch!))
  // A serial-tracked product's others are not on the page: a serial number is in stock at one place at most.
  const others = tracking === 'serial' ? [] : (batches ?? []).filter((b) => !atPlace.has(b))
  const hint = tracking === 'serial' ? t('form.serialHint') : tracking === 'batch' ? t('form.batchTrackedHint') : t('form.batchHint')
  return (
    <>
      <Field label={tracking === 'serial' ? t('form.serialNumber') : t('form.batch')} meta={meta} hint={hint}>
        <input
          {...getInputProps(meta, { type: 'text' })}
          onInput={(e) => setTyped(e.currentTarget.value)}
          className="input font-mono"
          autoComplete="off"
          list={tracking === 'serial' || suggested.length || others.length ? listId : undefined}
          data-testid={`${formId}-batch`}
        />
      </Field>
      {tracking === 'serial' || suggested.length || others.length ? (
        <datalist id={listId}>
          {suggested.map((h) => (
            <option
              key={h.batch}
              value={h.batch!}
              label={onHand ? t('form.onHandHere', { quantity: formatQuantity(h.onHand, locale ?? 'en') }) : t('form.availableHere', { quantity: formatQuantity(h.available, locale ?? 'en') })}
            />
          ))}
          {others.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      ) : null}
    </>
  )
}

/** How many serial numbers the "available here" line names before it counts the rest. */
const SERIALS_SHOWN = 12

/** The lookup's answer for the serial numbers at a place (none asked without a lookup or a warehouse). */
function useSerialsAt(lookup: string | undefined, place: Place, stock: PlaceLookupStock, q: string, limit: number) {
  return usePlaceLookup(lookup ?? null, lookup && place.warehouseId ? { warehouse: place.warehouseId, bin: place.binId, q: q.slice(0, BATCH_MAX), stock, offset: 0, limit } : null)
}

/**
 * A serial-tracked product's serial numbers, one per unit of the quantity: one per line, or a range FROM..TO. With a
 * lookup, the serial numbers available at `place` (where the stock leaves: a transfer's source, a removal's place) are
 * named below the field, the first few and how many more, narrowed by their first characters; choosing one adds it to the
 * list. Without JavaScript the list is typed, as always.
 */
function SerialsField({ meta, formId, lookup, place }: { meta: Parameters<typeof getTextareaProps>[0]; formId: string; lookup?: string; place: Place }) {
  const { t } = useTranslation('inventory')
  const area = useRef<HTMLTextAreaElement>(null)
  const [typed, setTyped] = useState((meta.initialValue as string | undefined) ?? '')
  const [find, setFind] = useState('')
  const prefix = find.trim()
  const { latest: reply, pending, failed } = useSerialsAt(lookup, place, 'available', prefix, SERIALS_SHOWN)
  const listed = new Set(typed.split(/\r?\n/).map((l) => l.trim().toLowerCase()))
  const add = (serial: string, button: HTMLButtonElement) => {
    const el = area.current
    if (!el) return
    // The button pressed is spent (disabled) once its serial number is listed, and a disabled button drops the focus to the
    // document's start: it goes on to the next serial number still offered, or to the list when none is.
    const offered = [...(button.closest('p')?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])]
    const next = offered[offered.indexOf(button) + 1] ?? offered.find((b) => b !== button) ?? el
    const text = el.value.replace(/\s+$/, '')
    el.value = text ? `${text}\n${serial}` : serial
    setTyped(el.value)
    // Conform reads the field on its own input events, as if typed.
    el.dispatchEvent(new Event('input', { bubbles: true }))
    next.focus()
  }
  const findId = `${formId}-serials-find`
  return (
    <div>
      <Field label={t('form.serials')} meta={meta} hint={t('form.serialsHint')}>
        <textarea {...getTextareaProps(meta)} ref={area} onInput={(e) => setTyped(e.currentTarget.value)} rows={3} className="input font-mono" autoComplete="off" spellCheck={false} data-testid={`${formId}-serials`} />
      </Field>
      {lookup && place.warehouseId ? (
        <div className="mt-2 space-y-1.5 rounded-md bg-slate-50 p-2 text-xs text-slate-600" data-testid={`${formId}-serials-here`}>
          {failed ? (
            <p className="text-rose-700">{t('serialsAt.failed')}</p>
          ) : !reply ? (
            <p aria-busy="true">{t('serialsAt.loading')}</p>
          ) : reply.rows.length ? (
            <p className={`break-words ${pending ? 'opacity-60' : ''}`}>
              <span>{t('form.serialsHereLabel')}</span>{' '}
              {reply.rows.map((r, i) => (
                <span key={r.batch}>
                  {i ? ' ' : null}
                  <button
                    type="button"
                    className="rounded border border-slate-300 bg-white px-1 font-mono text-slate-800 hover:border-indigo-500 disabled:border-transparent disabled:bg-transparent disabled:text-slate-400"
                    onClick={(e) => add(r.batch, e.currentTarget)}
                    disabled={listed.has(r.batch.toLowerCase())}
                    aria-label={t('form.serialAdd', { serial: r.batch })}
                    data-testid={`${formId}-serial-option`}
                  >
                    {r.batch}
                  </button>
                </span>
              ))}
              {reply.total > reply.rows.length ? <span> {t('form.serialsHereMoreCount', { more: reply.total - reply.rows.length })}</span> : null}
            </p>
          ) : (
            <p>{reply.q ? t('form.serialsNoneMatching', { q: reply.q }) : t('form.serialsNoneHere')}</p>
          )}
          {/* Narrows the names above; not a field of the form (no name), so it is never posted. Once typed in, it stays
              whatever the lookup answers (a failed one too), so focus is never pulled from under the typing. */}
          {prefix || (reply && reply.total > reply.rows.length) ? (
            <div className="flex items-center gap-2">
              <label htmlFor={findId} className="shrink-0">
                {t('form.serialsFind')}
              </label>
              <input id={findId} type="search" value={find} onChange={(e) => setFind(e.currentTarget.value)} maxLength={BATCH_MAX} className="input py-1 font-mono text-xs" autoComplete="off" spellCheck={false} data-testid={findId} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

/** A warehouse select and the bin select of the warehouse chosen in it, telling the form the place chosen. */
function PlaceFields({
  warehouses,
  warehouseMeta,
  binMeta,
  warehouseLabel,
  binLabel,
  testPrefix,
  place,
  onPlace,
}: {
  warehouses: WarehouseChoice[]
  warehouseMeta: Parameters<typeof getSelectProps>[0]
  binMeta: Parameters<typeof getSelectProps>[0]
  warehouseLabel: string
  binLabel: string
  testPrefix: string
  place: Place
  onPlace: (place: Place) => void
}) {
  const { t } = useTranslation('inventory')
  const bins = warehouses.find((w) => w.id === place.warehouseId)?.bins ?? []
  return (
    <>
      <Field label={warehouseLabel} meta={warehouseMeta}>
        <select {...getSelectProps(warehouseMeta)} className="input" onChange={(e) => onPlace({ warehouseId: e.currentTarget.value, binId: '' })} data-testid={`${testPrefix}-warehouse`}>
          <option value="">{t('form.chooseWarehouse')}</option>
          {warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} · {w.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={binLabel} meta={binMeta}>
        <select {...getSelectProps(binMeta)} key={place.warehouseId} className="input" onChange={(e) => onPlace({ ...place, binId: e.currentTarget.value })} data-testid={`${testPrefix}-bin`}>
          <option value="">{t('form.noBin')}</option>
          {bins.map((b) => (
            <option key={b.id} value={b.id}>
              {b.code}
            </option>
          ))}
        </select>
      </Field>
    </>
  )
}

export const AdjustForm = resetAfterSuccess('adjust', function AdjustFormBody({ warehouses, lastResult, busy, batches, tracking = 'none', stock, lookup, locale }: BodyProps) {
  const { t } = useTranslation('inventory')
  const [form, fields] = useForm({ id: 'adjust', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: AdjustStockSchema }), shouldValidate: 'onSubmit' })
  const [place, setPlace] = usePlace(fields.warehouseId, fields.binId)
  const here = availableAt(stock, place)
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3 p-5" data-testid="adjust-form" data-tracking={tracking}>
      <h2 className="text-base font-semibold">{t('adjust.title')}</h2>
      <input type="hidden" name="intent" value="adjust" />
      <FormError errors={form.errors} />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.warehouseId} binMeta={fields.binId} warehouseLabel={t('form.warehouse')} binLabel={t('form.bin')} testPrefix="adjust" place={place} onPlace={setPlace} />
      {tracking === 'serial' ? (
        <SerialsField meta={fields.serials} formId="adjust" lookup={lookup} place={place} />
      ) : (
        <BatchField meta={fields.batch} batches={batches} here={here} formId="adjust" tracking={tracking} locale={locale} place={place} />
      )}
      <Field label={t('adjust.quantity')} meta={fields.quantity} hint={t('adjust.quantityHint')}>
        <input {...getInputProps(fields.quantity, { type: 'text' })} inputMode="decimal" className="input" autoComplete="off" data-testid="adjust-quantity" />
      </Field>
      <Field label={t('form.reason')} meta={fields.reason} hint={t('form.reasonHint')}>
        <input {...getInputProps(fields.reason, { type: 'text' })} className="input" data-testid="adjust-reason" />
      </Field>
      <SubmitButton className="btn-primary" busy={busy} data-testid="adjust-submit">
        {t('adjust.submit')}
      </SubmitButton>
    </Form>
  )
})

export const TransferForm = resetAfterSuccess('transfer', function TransferFormBody({ warehouses, lastResult, busy, batches, tracking = 'none', stock, lookup, locale }: BodyProps) {
  const { t } = useTranslation('inventory')
  const [form, fields] = useForm({ id: 'transfer', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: TransferStockSchema }), shouldValidate: 'onSubmit' })
  const [from, setFrom] = usePlace(fields.fromWarehouseId, fields.fromBinId)
  const [to, setTo] = usePlace(fields.toWarehouseId, fields.toBinId)
  const here = availableAt(stock, from)
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3 p-5" data-testid="transfer-form" data-tracking={tracking}>
      <h2 className="text-base font-semibold">{t('transfer.title')}</h2>
      <input type="hidden" name="intent" value="transfer" />
      <FormError errors={form.errors} />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.fromWarehouseId} binMeta={fields.fromBinId} warehouseLabel={t('transfer.from')} binLabel={t('transfer.fromBin')} testPrefix="transfer-from" place={from} onPlace={setFrom} />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.toWarehouseId} binMeta={fields.toBinId} warehouseLabel={t('transfer.to')} binLabel={t('transfer.toBin')} testPrefix="transfer-to" place={to} onPlace={setTo} />
      {tracking === 'serial' ? (
        <SerialsField meta={fields.serials} formId="transfer" lookup={lookup} place={from} />
      ) : (
        <BatchField meta={fields.batch} batches={batches} here={here} formId="transfer" tracking={tracking} locale={locale} place={from} />
      )}
      <Field label={t('transfer.quantity')} meta={fields.quantity}>
        <input {...getInputProps(fields.quantity, { type: 'text' })} inputMode="decimal" className="input" autoComplete="off" data-testid="transfer-quantity" />
      </Field>
      <Field label={t('form.reason')} meta={fields.reason}>
        <input {...getInputProps(fields.reason, { type: 'text' })} className="input" data-testid="transfer-reason" />
      </Field>
      <SubmitButton className="btn-primary" busy={busy} data-testid="transfer-submit">
        {t('transfer.submit')}
      </SubmitButton>
    </Form>
  )
})

export const CountForm = resetAfterSuccess('count', function CountFormBody({ warehouses, lastResult, busy, batches, tracking = 'none', stock, lookup, locale }: BodyProps) {
  const { t } = useTranslation('inventory')
  const [form, fields] = useForm({ id: 'count', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: CountStockSchema }), shouldValidate: 'onSubmit' })
  const [place, setPlace] = usePlace(fields.warehouseId, fields.binId)
  // A count checks what is on the shelf whether or not it is reserved: every batch with stock at the place.
  const here = (stock ?? []).filter((s) => !!place.warehouseId && !!s.batch && s.warehouseId === place.warehouseId && (s.binId ?? '') === place.binId && Number(s.onHand) > 0)
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3 p-5" data-testid="count-form" data-tracking={tracking}>
      <h2 className="text-base font-semibold">{t('count.title')}</h2>
      <input type="hidden" name="intent" value="count" />
      <FormError errors={form.errors} />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.warehouseId} binMeta={fields.binId} warehouseLabel={t('form.warehouse')} binLabel={t('form.bin')} testPrefix="count" place={place} onPlace={setPlace} />
      <BatchField meta={fields.batch} batches={batches} here={here} formId="count" tracking={tracking} locale={locale} onHand lookup={lookup} place={place} />
      <Field label={t('count.counted')} meta={fields.countedQuantity} hint={tracking === 'serial' ? t('count.countedSerialHint') : t('count.countedHint')}>
        <input {...getInputProps(fields.countedQuantity, { type: 'text' })} inputMode="decimal" className="input" autoComplete="off" data-testid="count-quantity" />
      </Field>
      <Field label={t('form.reason')} meta={fields.reason}>
        <input {...getInputProps(fields.reason, { type: 'text' })} className="input" data-testid="count-reason" />
      </Field>
      <SubmitButton className="btn-primary" busy={busy} data-testid="count-submit">
        {t('count.submit')}
      </SubmitButton>
    </Form>
  )
})
