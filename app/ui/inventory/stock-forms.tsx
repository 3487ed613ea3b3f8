import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AdjustStockSchema, CountStockSchema, TransferStockSchema } from '~/domain/inventory/inventory.validation'
import { Field, FormError } from '~/ui/form'
import { SubmitButton } from '~/ui/submit-button'
import { useIntentSubmission } from '~/ui/intent-submission'

export interface WarehouseChoice {
  id: string
  code: string
  name: string
  bins: Array<{ id: string; code: string }>
}

type LastResult = SubmissionResult<string[]> | undefined
type FormProps = { warehouses: WarehouseChoice[]; lastResult: LastResult; /** The product's batches, offered as the batch field's suggestions. */ batches?: readonly string[] }
type BodyProps = FormProps & { busy: boolean }

/** A stock form that starts empty after each success (see useIntentSubmission). */
function resetAfterSuccess(intent: string, Body: (props: BodyProps) => React.ReactElement) {
  return function IntentForm(props: FormProps) {
    const { busy, generation } = useIntentSubmission(intent, props.lastResult)
    return <Body key={generation} {...props} busy={busy} />
  }
}

/**
 * The batch field, suggesting the product's batches: a typo would open a new batch (the server matches a known one
 * whatever its case, as it does bins).
 */
function BatchField({ meta, batches, formId }: { meta: Parameters<typeof getInputProps>[0]; batches?: readonly string[]; formId: string }) {
  const { t } = useTranslation('inventory')
  const listId = `${formId}-batches`
  return (
    <>
      <Field label={t('form.batch')} meta={meta} hint={t('form.batchHint')}>
        <input {...getInputProps(meta, { type: 'text' })} className="input font-mono" autoComplete="off" list={batches?.length ? listId : undefined} data-testid={`${formId}-batch`} />
      </Field>
      {batches?.length ? (
        <datalist id={listId}>
          {batches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      ) : null}
    </>
  )
}

/** A warehouse select and the bin select of the warehouse chosen in it. */
function PlaceFields({
  warehouses,
  warehouseMeta,
  binMeta,
  warehouseLabel,
  binLabel,
  testPrefix,
}: {
  warehouses: WarehouseChoice[]
  warehouseMeta: Parameters<typeof getSelectProps>[0]
  binMeta: Parameters<typeof getSelectProps>[0]
  warehouseLabel: string
  binLabel: string
  testPrefix: string
}) {
  const { t } = useTranslation('inventory')
  const [warehouseId, setWarehouseId] = useState<string>((warehouseMeta.initialValue as string | undefined) ?? '')
  const bins = warehouses.find((w) => w.id === warehouseId)?.bins ?? []
  return (
    <>
      <Field label={warehouseLabel} meta={warehouseMeta}>
        <select {...getSelectProps(warehouseMeta)} className="input" onChange={(e) => setWarehouseId(e.currentTarget.value)} data-testid={`${testPrefix}-warehouse`}>
          <option value="">{t('form.chooseWarehouse')}</option>
          {warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} · {w.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={binLabel} meta={binMeta}>
        <select {...getSelectProps(binMeta)} key={warehouseId} className="input" data-testid={`${testPrefix}-bin`}>
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

export const AdjustForm = resetAfterSuccess('adjust', function AdjustFormBody({ warehouses, lastResult, busy, batches }: BodyProps) {
  const { t } = useTranslation('inventory')
  const [form, fields] = useForm({ id: 'adjust', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: AdjustStockSchema }), shouldValidate: 'onSubmit' })
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3 p-5" data-testid="adjust-form">
      <h2 className="text-base font-semibold">{t('adjust.title')}</h2>
      <input type="hidden" name="intent" value="adjust" />
      <FormError errors={form.errors} />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.warehouseId} binMeta={fields.binId} warehouseLabel={t('form.warehouse')} binLabel={t('form.bin')} testPrefix="adjust" />
      <BatchField meta={fields.batch} batches={batches} formId="adjust" />
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

export const TransferForm = resetAfterSuccess('transfer', function TransferFormBody({ warehouses, lastResult, busy, batches }: BodyProps) {
  const { t } = useTranslation('inventory')
  const [form, fields] = useForm({ id: 'transfer', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: TransferStockSchema }), shouldValidate: 'onSubmit' })
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3 p-5" data-testid="transfer-form">
      <h2 className="text-base font-semibold">{t('transfer.title')}</h2>
      <input type="hidden" name="intent" value="transfer" />
      <FormError errors={form.errors} />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.fromWarehouseId} binMeta={fields.fromBinId} warehouseLabel={t('transfer.from')} binLabel={t('transfer.fromBin')} testPrefix="transfer-from" />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.toWarehouseId} binMeta={fields.toBinId} warehouseLabel={t('transfer.to')} binLabel={t('transfer.toBin')} testPrefix="transfer-to" />
      <BatchField meta={fields.batch} batches={batches} formId="transfer" />
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

export const CountForm = resetAfterSuccess('count', function CountFormBody({ warehouses, lastResult, busy, batches }: BodyProps) {
  const { t } = useTranslation('inventory')
  const [form, fields] = useForm({ id: 'count', lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: CountStockSchema }), shouldValidate: 'onSubmit' })
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3 p-5" data-testid="count-form">
      <h2 className="text-base font-semibold">{t('count.title')}</h2>
      <input type="hidden" name="intent" value="count" />
      <FormError errors={form.errors} />
      <PlaceFields warehouses={warehouses} warehouseMeta={fields.warehouseId} binMeta={fields.binId} warehouseLabel={t('form.warehouse')} binLabel={t('form.bin')} testPrefix="count" />
      <BatchField meta={fields.batch} batches={batches} formId="count" />
      <Field label={t('count.counted')} meta={fields.countedQuantity} hint={t('count.countedHint')}>
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
