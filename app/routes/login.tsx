import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { homeOfSurface, safeRedirectTarget, surfaceOfActor } from '~/auth/roles'
import { SignInSchema } from '~/auth/auth.validation'
import { AuthCard, Field, FormError } from '~/ui/form'
import { parseForm } from '~/utils/form.server'
import { signIn } from '~/auth/sign-in.server'
import { sessionCookie } from '~/auth/session.server'

export const meta: MetaFunction = () => [{ title: 'Caixiao · 采销' }]

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.actor) throw redirect(homeOfSurface[surfaceOfActor(context.actor)])
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, SignInSchema)
  if (!parsed.ok) return parsed.response
  const result = await signIn(parsed.value, {
    ip: context.ip,
    userAgent: request.headers.get('user-agent') ?? undefined,
    previousSessionId: context.sessionId,
  })
  if (!result.ok) {
    const message = result.reason === 'throttled' ? 'auth:signIn.throttled' : 'auth:signIn.invalid'
    return data(
      { submission: parsed.submission.reply({ formErrors: [message], hideFields: ['password'] }) },
      { status: result.reason === 'throttled' ? 429 : 401 },
    )
  }
  const target = safeRedirectTarget(parsed.value.redirectTo, result.actor)
  return redirect(target, { headers: { 'Set-Cookie': sessionCookie(result.sessionToken, context.secure) } })
}

export default function Login() {
  const { t } = useTranslation('auth')
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    lastResult: lastResult?.submission,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
    // Not on blur: leaving the autofocused e-mail field empty to click a link below would show an
    // error, push the link down mid-click and swallow the click.
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <AuthCard title={t('signIn.title')}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormError errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label={t('signIn.email')} meta={fields.email}>
          <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" className="input" autoFocus />
        </Field>
        <Field label={t('signIn.password')} meta={fields.password}>
          <input {...getInputProps(fields.password, { type: 'password' })} autoComplete="current-password" className="input" />
        </Field>
        <button type="submit" className="btn-primary w-full">
          {t('signIn.submit')}
        </button>
        <div className="flex justify-between text-sm">
          <Link to="/forgot-password" className="text-indigo-600 hover:underline">
            {t('signIn.forgot')}
          </Link>
        </div>
        <p className="rounded-md bg-slate-50 p-3 text-xs text-slate-500">{t('signIn.demoHint')}</p>
      </Form>
    </AuthCard>
  )
}
