import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffRoles } from '~/auth/roles'
import { inviteUser } from '~/domain/parties/invite-user.server'
import { StaffInviteSchema } from '~/domain/parties/parties.validation'
import { FormError } from '~/ui/form'
import { InviteeFields, RolesFieldset, useIntentResult } from '~/ui/parties/people'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'
import { SubmitButton } from '~/ui/submit-button'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'users.manage')
  return { defaultLocale: actor.locale }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'users.manage')
  const parsed = await parseForm(args.request, StaffInviteSchema)
  if (!parsed.ok) return parsed.response
  try {
    const { userId } = await inviteUser(actor, { kind: 'own' }, parsed.value, { ip: args.context.ip, origin: args.context.origin })
    return redirectWithToast(`/console/users/${userId}`, { key: 'parties:toast.invited', params: { email: parsed.value.email } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function InviteStaffUser() {
  const { defaultLocale } = useLoaderData<typeof loader>()
  const { t } = useTranslation('parties')
  const { t: tc } = useTranslation()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'invite-staff',
    lastResult: useIntentResult(),
    defaultValue: { locale: defaultLocale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffInviteSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="max-w-2xl">
      <PageHeader title={t('staff.invite')}>{t('staff.inviteIntro')}</PageHeader>
      <Form method="post" {...getFormProps(form)} className="card space-y-4 p-6" data-testid="invite-staff-form">
        <FormError errors={form.errors} />
        <InviteeFields fields={fields} />
        <RolesFieldset meta={fields.roles} options={staffRoles} hint={t('staff.rolesHint')} />
        <div className="flex gap-2">
          <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid="send-invite">
            {t('invite.submit')}
          </SubmitButton>
          <Link to="/console/users" className="btn-secondary">
            {tc('actions.cancel')}
          </Link>
        </div>
      </Form>
    </div>
  )
}
