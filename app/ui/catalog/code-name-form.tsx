import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CategorySchema, WarehouseSchema } from '~/domain/catalog/catalog.validation'
import { Field, FormError } from '~/ui/form'
import { SubmitButton } from '~/ui/submit-button'

export interface CodeNameValues {
  code: string
  nameEn: string
  nameZh: string
  address?: string | null
}

/** Categories and warehouses are a code and two names; warehouses add an address. */
export function CodeNameForm({
  kind,
  defaultValue,
  lastResult,
  intent,
  submitLabel,
}: {
  kind: 'categories' | 'warehouses'
  defaultValue?: Partial<CodeNameValues>
  lastResult?: SubmissionResult<string[]>
  intent?: 'save'
  submitLabel: string
}) {
  const { t } = useTranslation('catalog')
  const navigation = useNavigation()
  const schema = kind === 'warehouses' ? WarehouseSchema : CategorySchema
  const [form, fields] = useForm<{ code: string; nameEn: string; nameZh: string; address?: string }>({
    id: `${kind}-form`,
    lastResult,
    defaultValue: { ...defaultValue, address: defaultValue?.address ?? undefined },
    onValidate: ({ formData }) => {
      formData.delete('intent')
      return parseWithZod(formData, { schema })
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card max-w-3xl space-y-4 p-5" data-testid={`${kind}-form`}>
      <FormError errors={form.errors} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t(`${kind}.code`)} meta={fields.code} hint={t(`${kind}.codeHint`)}>
          <input {...getInputProps(fields.code, { type: 'text' })} className="input font-mono" autoComplete="off" data-testid="field-code" />
        </Field>
        <div className="hidden sm:block" />
        <Field label={t(`${kind}.nameEn`)} meta={fields.nameEn}>
          <input {...getInputProps(fields.nameEn, { type: 'text' })} className="input" lang="en" data-testid="field-name-en" />
        </Field>
        <Field label={t(`${kind}.nameZh`)} meta={fields.nameZh}>
          <input {...getInputProps(fields.nameZh, { type: 'text' })} className="input" lang="zh-CN" data-testid="field-name-zh" />
        </Field>
        {kind === 'warehouses' ? (
          <div className="sm:col-span-2">
            <Field label={t('warehouses.address')} meta={fields.address}>
              <textarea {...getTextareaProps(fields.address)} rows={2} className="input" data-testid="field-address" />
            </Field>
          </div>
        ) : null}
      </div>
      <div className="flex gap-2">
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid={`${kind}-submit`}>
          {submitLabel}
        </SubmitButton>
        <Link to={`/console/${kind}`} className="btn-ghost">
          {t('common:actions.cancel')}
        </Link>
      </div>
    </Form>
  )
}
