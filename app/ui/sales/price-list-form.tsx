import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PriceListSaveSchema } from '~/domain/sales/sales.validation'
import { Field, FormError } from '~/ui/form'

export interface PriceListFormValues {
  code: string
  nameEn: string
  nameZh: string
  tier: string
  currency: string
  validFrom: string
  validTo: string
}

/** The price list's own fields, for the new page and the list's page alike. */
export function PriceListForm({ defaultValue, lastResult, submitLabel }: { defaultValue: PriceListFormValues; lastResult?: SubmissionResult<string[]>; submitLabel: string }) {
  const { t } = useTranslation('sales')
  const [form, fields] = useForm({ id: 'price-list', lastResult, defaultValue, onValidate: ({ formData }) => parseWithZod(formData, { schema: PriceListSaveSchema }), shouldValidate: 'onSubmit' })
  return (
    <Form method="post" {...getFormProps(form)} className="card grid max-w-3xl gap-4 p-5 sm:grid-cols-2" data-testid="price-list-form">
      <input type="hidden" name="intent" value="save" />
      <div className="sm:col-span-2">
        <FormError errors={form.errors} />
      </div>
      <Field label={t('priceLists.code')} meta={fields.code}>
        <input {...getInputProps(fields.code, { type: 'text' })} className="input font-mono" autoComplete="off" data-testid="pl-code" />
      </Field>
      <Field label={t('priceLists.tier')} meta={fields.tier}>
        <input {...getInputProps(fields.tier, { type: 'text' })} className="input font-mono" autoComplete="off" data-testid="pl-tier" />
      </Field>
      <Field label={t('priceLists.nameEn')} meta={fields.nameEn}>
        <input {...getInputProps(fields.nameEn, { type: 'text' })} className="input" data-testid="pl-name-en" />
      </Field>
      <Field label={t('priceLists.nameZh')} meta={fields.nameZh}>
        <input {...getInputProps(fields.nameZh, { type: 'text' })} className="input" data-testid="pl-name-zh" />
      </Field>
      <Field label={t('priceLists.currency')} meta={fields.currency}>
        <input {...getInputProps(fields.currency, { type: 'text' })} className="input font-mono" autoComplete="off" />
      </Field>
      <div />
      <Field label={t('priceLists.validFrom')} meta={fields.validFrom}>
        <input {...getInputProps(fields.validFrom, { type: 'date' })} className="input" data-testid="pl-valid-from" />
      </Field>
      <Field label={t('priceLists.validTo')} meta={fields.validTo} hint={t('priceLists.validToHint')}>
        <input {...getInputProps(fields.validTo, { type: 'date' })} className="input" data-testid="pl-valid-to" />
      </Field>
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary" data-testid="pl-save">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
