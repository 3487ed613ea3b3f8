import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffRoles, type StaffRole } from '~/auth/roles'
import { changeUserRoles } from '~/domain/parties/change-user-roles.server'
import { StaffUserActionSchema } from '~/domain/parties/parties.validation'
import { getOwnPerson } from '~/domain/parties/people.queries.server'
import { resendInvitation } from '~/domain/parties/resend-invitation.server'
import { deactivateUser, reactivateUser } from '~/domain/parties/set-user-status.server'
import { FormError } from '~/ui/form'
import { PersonCard, PersonStatusActions, RolesFieldset, useIntentResult } from '~/ui/parties/people'
import { PageHeader } from '~/ui/shell'
import { SubmitButton } from '~/ui/submit-button'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'users.manage')
  const person = await getOwnPerson(actor, args.params.userId, { ip: args.context.ip })
  if (!person) throw new Response('Not found', { status: 404 })
  return { person, isSelf: person.id === actor.userId }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'users.manage')
  const userId = args.params.userId ?? ''
  const parsed = await parseForm(args.request, StaffUserActionSchema)
  if (!parsed.ok) return parsed.response
  const meta = { ip: args.context.ip, origin: args.context.origin }
  const here = `/console/users/${userId}`
  const input = parsed.value
  try {
    switch (input.intent) {
      case 'roles': {
        const { changed } = await changeUserRoles(actor, { kind: 'own' }, userId, input.roles as StaffRole[], meta)
        return redirectWithToast(here, changed ? 'parties:toast.rolesSaved' : 'parties:toast.rolesUnchanged')
      }
      case 'deactivate': {
        const { name } = await deactivateUser(actor, { kind: 'own' }, userId, meta)
        return redirectWithToast(here, { key: 'parties:toast.deactivated', params: { name } })
      }
      case 'reactivate': {
        const { name } = await reactivateUser(actor, { kind: 'own' }, userId, meta)
        return redirectWithToast(here, { key: 'parties:toast.reactivated', params: { name } })
      }
      case 'resend': {
        const { email } = await resendInvitation(actor, { kind: 'own' }, userId, meta)
        return redirectWithToast(here, { key: 'parties:toast.resent', params: { email } })
      }
    }
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function StaffUser() {
  const { person, isSelf } = useLoaderData<typeof loader>()
  const { t } = useTranslation('parties')
  return (
    <div className="max-w-3xl space-y-6" data-testid="staff-user">
      <Link to="/console/users" className="text-sm text-indigo-700 hover:underline">
        ← {t('staff.back')}
      </Link>
      <PageHeader title={person.name} />
      <PersonCard person={person} />
      <RolesForm roles={person.roles} />
      <PersonStatusActions person={person} isSelf={isSelf} />
    </div>
  )
}

function RolesForm({ roles }: { roles: string[] }) {
  const { t } = useTranslation('parties')
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'roles',
    lastResult: useIntentResult('roles'),
    defaultValue: { roles },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffUserActionSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <section className="card p-5" aria-labelledby="roles-title">
      <h2 id="roles-title" className="sr-only">
        {t('person.roles')}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="roles-form">
        <FormError errors={form.errors} />
        <RolesFieldset meta={fields.roles} options={staffRoles} hint={t('staff.rolesHint')} />
        <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid="save-roles">
          {t('staff.saveRoles')}
        </SubmitButton>
        <input type="hidden" name="intent" value="roles" />
      </Form>
    </section>
  )
}
