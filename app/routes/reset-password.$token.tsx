import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { MIN_PASSWORD_LENGTH } from '~/auth/password.rules'
import { ResetPasswordSchema } from '~/auth/password-reset.validation'
import { resetLinkIsUsable, resetPassword } from '~/auth/reset-password.server'
import { blankSessionCookie } from '~/auth/session.server'
import { redirectWithToast } from '~/ui/toast.server'
import { AuthCard, Field, FormError } from '~/ui/form'
import { parseForm } from '~/utils/form.server'

// The token is in this page's URL: keep it out of Referer headers and out of every cache.
export const meta: MetaFunction = () => [{ title: 'Caixiao · 采销' }, { name: 'referrer', content: 'no-referrer' }]
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })

// Open to everyone: the link itself is the credential, checked against the database on every request.
export async function loader({ params }: LoaderFunctionArgs) {
  const usable = await resetLinkIsUsable(params.token ?? '')
  return data({ usable }, { status: usable ? 200 : 410 })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, ResetPasswordSchema)
  if (!parsed.ok) return parsed.response
  const result = await resetPassword({ token: params.token ?? '', password: parsed.value.password }, { ip: context.ip })
  if (!result.ok) {
    return data({ submission: parsed.submission.reply({ hideFields: ['password', 'confirm'] }), linkUnusable: true }, { status: 410 })
  }
  // The reset ended every session of the user; a browser signed in as them drops its dead cookie.
  const headers = new Headers()
  if (context.actor?.userId === result.userId) headers.append('Set-Cookie', blankSessionCookie(context.secure))
  return redirectWithToast('/login', 'auth:reset.done', { headers })
}

export default function ResetPassword() {
  const { t } = useTranslation('auth')
  const { usable } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: result?.submission,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  if (!usable || (result && 'linkUnusable' in result)) {
    return (
      <AuthCard title={t('reset.invalidTitle')}>
        <div data-testid="reset-link-invalid">
          <p role="alert" className="text-sm text-slate-700">
            {t('reset.invalidLink')}
          </p>
          <Link to="/forgot-password" className="btn-primary mt-5 w-full">
            {t('reset.askAgain')}
          </Link>
        </div>
      </AuthCard>
    )
  }
  return (
    <AuthCard title={t('reset.title')}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormError errors={form.errors} />
        <Field label={t('reset.password')} meta={fields.password} hint={t('reset.hint', { min: MIN_PASSWORD_LENGTH })}>
          <input {...getInputProps(fields.password, { type: 'password' })} autoComplete="new-password" className="input" autoFocus />
        </Field>
        <Field label={t('reset.confirm')} meta={fields.confirm}>
          <input {...getInputProps(fields.confirm, { type: 'password' })} autoComplete="new-password" className="input" />
        </Field>
        <button type="submit" className="btn-primary w-full" data-testid="reset-submit">
          {t('reset.submit')}
        </button>
      </Form>
    </AuthCard>
  )
}
