import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ForgotPasswordSchema } from '~/auth/password-reset.validation'
import { requestPasswordReset } from '~/auth/request-password-reset.server'
import { AuthCard, Field, FormError } from '~/ui/form'
import { parseForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [{ title: 'Caixiao · 采销' }]

// Open to everyone, signed in or not, like the sign-in page: there is no guard to pass.
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, ForgotPasswordSchema)
  if (!parsed.ok) return parsed.response
  const { throttled } = await requestPasswordReset(parsed.value, { ip: context.ip, origin: context.origin })
  if (throttled) {
    return data({ submission: parsed.submission.reply({ formErrors: ['auth:forgot.throttled'] }), sent: false }, { status: 429 })
  }
  return data({ submission: parsed.submission.reply({ resetForm: true }), sent: true })
}

export default function ForgotPassword() {
  const { t } = useTranslation('auth')
  const result = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: result?.submission,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    // Not on blur: leaving the autofocused e-mail field empty to click a link below would show an
    // error, push the link down mid-click and swallow the click.
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  if (result && 'sent' in result && result.sent) {
    return (
      <AuthCard title={t('forgot.sentTitle')}>
        <p role="status" className="text-sm text-slate-700" data-testid="reset-requested">
          {t('forgot.sent')}
        </p>
        <Link to="/login" className="mt-5 inline-block text-sm text-indigo-600 hover:underline">
          {t('forgot.backToSignIn')}
        </Link>
      </AuthCard>
    )
  }
  return (
    <AuthCard title={t('forgot.title')}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <p className="text-sm text-slate-600">{t('forgot.intro')}</p>
        <FormError errors={form.errors} />
        <Field label={t('forgot.email')} meta={fields.email}>
          <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" className="input" autoFocus />
        </Field>
        <button type="submit" className="btn-primary w-full" data-testid="forgot-submit">
          {t('forgot.submit')}
        </button>
        <Link to="/login" className="inline-block text-sm text-indigo-600 hover:underline">
          {t('forgot.backToSignIn')}
        </Link>
      </Form>
    </AuthCard>
  )
}
