import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { homeOfSurface } from '~/auth/roles'
import { sessionCookie } from '~/auth/session.server'
import { acceptInvitation } from '~/domain/parties/accept-invitation.server'
import { AcceptInvitationSchema } from '~/domain/parties/parties.validation'
import { MIN_PASSWORD_LENGTH } from '~/auth/password.rules'
import { invitationByToken } from '~/domain/parties/people.queries.server'
import { AuthCard, Field, FormError } from '~/ui/form'
import { parseForm } from '~/utils/form.server'
import { SubmitButton } from '~/ui/submit-button'

// Anyone holding the link may open this page: the link itself is the credential, so the answer
// never says more than whom it invites, and a dead link says only that it is not valid.
const noStore = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }

// The page's own headers (no caching, no referrer carrying the token) apply to the document too.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await invitationByToken(params.token ?? '')
  if (!invitation) return data({ invitation: null }, { status: 410, headers: noStore })
  return data({ invitation }, { headers: noStore })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, AcceptInvitationSchema)
  if (!parsed.ok) return parsed.response
  const result = await acceptInvitation(params.token ?? '', parsed.value.password, {
    ip: context.ip,
    userAgent: request.headers.get('user-agent') ?? undefined,
    previousSessionId: context.sessionId,
  })
  if (!result.ok) {
    return data({ submission: parsed.submission.reply({ formErrors: ['parties:accept.invalidTitle'], hideFields: ['password', 'confirm'] }) }, { status: 410 })
  }
  return redirect(homeOfSurface[result.surface], { headers: { 'Set-Cookie': sessionCookie(result.sessionToken, context.secure) } })
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('parties')
  if (!invitation) {
    return (
      <AuthCard title={t('accept.invalidTitle')}>
        <div className="space-y-4" data-testid="invite-invalid">
          <p className="text-sm text-slate-600">{t('accept.invalidBody')}</p>
          <Link to="/login" className="btn-primary w-full">
            {t('accept.toLogin')}
          </Link>
        </div>
      </AuthCard>
    )
  }
  const org = i18n.language === 'en' ? invitation.orgNameEn : invitation.orgNameZh
  return (
    <AuthCard title={t('accept.title', { org })}>
      <p className="mb-1 text-sm text-slate-700" data-testid="invite-intro">
        {invitation.inviterName ? t('accept.invitedBy', { inviter: invitation.inviterName, org }) : t('accept.invited', { org })}
      </p>
      <p className="mb-5 text-sm text-slate-500" data-testid="invite-account">
        {t('accept.account', { email: invitation.email })}
      </p>
      <AcceptForm />
    </AuthCard>
  )
}

function AcceptForm() {
  const { t } = useTranslation('parties')
  const navigation = useNavigation()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'accept-invitation',
    lastResult: lastResult?.submission,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInvitationSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="accept-form">
      <FormError errors={form.errors} />
      <Field label={t('accept.password')} meta={fields.password} hint={t('accept.passwordHint', { min: MIN_PASSWORD_LENGTH })}>
        <input {...getInputProps(fields.password, { type: 'password' })} autoComplete="new-password" className="input" autoFocus />
      </Field>
      <Field label={t('accept.confirm')} meta={fields.confirm}>
        <input {...getInputProps(fields.confirm, { type: 'password' })} autoComplete="new-password" className="input" />
      </Field>
      <SubmitButton className="btn-primary w-full" busy={navigation.state !== 'idle'} data-testid="accept-submit">
        {t('accept.submit')}
      </SubmitButton>
    </Form>
  )
}
