import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { trackingModes } from '~/domain/catalog/catalog.rules'
import { ProductSchema, quantityModes } from '~/domain/catalog/catalog.validation'
import { Field, FormError } from '~/ui/form'
import { SubmitButton } from '~/ui/submit-button'
import { inParens } from '~/utils/intl'

export interface ProductFormValues {
  sku: string
  nameEn: string
  nameZh: string
  categoryId: string
  unit: string
  /** As a percentage, e.g. "13". */
  taxRate: string
  tracking: string
  /** "whole" or "decimal". */
  wholeUnits: string
}

export interface CategoryChoice {
  id: string
  code: string
  name: string
}

/** Create and edit share one form; the edit page posts intent=save with it. */
export function ProductForm({
  defaultValue,
  categories,
  lastResult,
  intent,
  submitLabel,
}: {
  defaultValue?: Partial<ProductFormValues>
  categories: CategoryChoice[]
  lastResult?: SubmissionResult<string[]>
  intent?: 'save'
  submitLabel: string
}) {
  const { t, i18n } = useTranslation('catalog')
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'product-form',
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => {
      formData.delete('intent')
      return parseWithZod(formData, { schema: ProductSchema })
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card max-w-3xl space-y-4 p-5" data-testid="product-form">
      <FormError errors={form.errors} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('products.sku')} meta={fields.sku} hint={t('products.skuHint')}>
          <input {...getInputProps(fields.sku, { type: 'text' })} className="input font-mono" autoComplete="off" data-testid="field-sku" />
        </Field>
        <Field label={t('products.category')} meta={fields.categoryId}>
          <select {...getSelectProps(fields.categoryId)} className="input" data-testid="field-category">
            <option value="">{t('products.chooseCategory')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.code} · {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('products.nameEn')} meta={fields.nameEn}>
          <input {...getInputProps(fields.nameEn, { type: 'text' })} className="input" lang="en" data-testid="field-name-en" />
        </Field>
        <Field label={t('products.nameZh')} meta={fields.nameZh}>
          <input {...getInputProps(fields.nameZh, { type: 'text' })} className="input" lang="zh-CN" data-testid="field-name-zh" />
        </Field>
        <Field label={t('products.unit')} meta={fields.unit} hint={t('products.unitHint')}>
          <input {...getInputProps(fields.unit, { type: 'text' })} className="input" data-testid="field-unit" />
        </Field>
        <Field label={`${t('products.taxRate')}${inParens('%', i18n.language)}`} meta={fields.taxRate} hint={t('products.taxRateHint')}>
          <input {...getInputProps(fields.taxRate, { type: 'text' })} inputMode="decimal" className="input" data-testid="field-tax-rate" />
        </Field>
        <Field label={t('products.tracking')} meta={fields.tracking}>
          <select {...getSelectProps(fields.tracking)} className="input" data-testid="field-tracking">
            {trackingModes.map((m) => (
              <option key={m} value={m}>
                {t(`tracking.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('products.quantities')} meta={fields.wholeUnits} hint={t('products.quantitiesHint')}>
          <select {...getSelectProps(fields.wholeUnits)} className="input" data-testid="field-whole-units">
            {quantityModes.map((m) => (
              <option key={m} value={m}>
                {t(`quantityModes.${m}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="flex gap-2">
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid="product-submit">
          {submitLabel}
        </SubmitButton>
        <Link to="/console/products" className="btn-ghost">
          {t('common:actions.cancel')}
        </Link>
      </div>
    </Form>
  )
}
