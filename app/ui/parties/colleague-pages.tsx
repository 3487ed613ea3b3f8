// A partner admin's colleague pages, the same in the supplier and dealer portals.
import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { PersonDto } from '~/domain/parties/parties.types'
import { colleagueActionSchema, colleagueInviteSchema, partnerRolesOf, type PartnerKind } from '~/domain/parties/parties.validation'
import type { Locale } from '~/i18n/config'
import { Field, FormError } from '~/ui/form'
import { PageHeader } from '~/ui/shell'
import { SubmitButton } from '~/ui/submit-button'
import type { ListParams } from '~/utils/list-params'
import { InviteeFields, PeopleTable, PersonCard, PersonStatusActions, useIntentResult } from './people'

export function ColleagueListPage({
  kind,
  rows,
  total,
  params,
  orgName,
}: {
  kind: PartnerKind
  rows: PersonDto[]
  total: number
  params: Pick<ListParams, 'q' | 'page' | 'pageSize' | 'sort' | 'dir'>
  orgName: string
}) {
  const { t } = useTranslation('parties')
  return (
    <div data-testid="colleagues">
      <PageHeader title={t('colleagues.title')}>{t('colleagues.intro', { org: orgName })}</PageHeader>
      <PeopleTable
        label={t('colleagues.title')}
        rows={rows}
        total={total}
        params={params}
        hrefOf={(id) => `/${kind}/users/${id}`}
        searchLabel={t('colleagues.search')}
        toolbar={
          <Link to={`/${kind}/users/new`} className="btn-primary" data-testid="invite-colleague">
            {t('colleagues.invite')}
          </Link>
        }
      />
    </div>
  )
}

export function NewColleaguePage({ kind, defaultLocale }: { kind: PartnerKind; defaultLocale: Locale }) {
  const { t } = useTranslation('parties')
  const { t: tc } = useTranslation()
  const navigation = useNavigation()
  const roles = partnerRolesOf[kind]
  const [form, fields] = useForm({
    id: 'invite-colleague',
    lastResult: useIntentResult(),
    defaultValue: { locale: defaultLocale, role: roles[1] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: colleagueInviteSchema(kind) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="max-w-2xl">
      <PageHeader title={t('colleagues.invite')}>{t('colleagues.inviteIntro')}</PageHeader>
      <Form method="post" {...getFormProps(form)} className="card space-y-4 p-6" data-testid="invite-colleague-form">
        <FormError errors={form.errors} />
        <InviteeFields fields={{ name: fields.name, email: fields.email, locale: fields.locale }} />
        <Field label={t('person.role')} meta={fields.role}>
          <select {...getSelectProps(fields.role)} className="input">
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="flex gap-2">
          <SubmitButton className="btn-primary" busy={navigation.state === 'submitting'} data-testid="send-invite">
            {t('invite.submit')}
          </SubmitButton>
          <Link to={`/${kind}/users`} className="btn-secondary">
            {tc('actions.cancel')}
          </Link>
        </div>
      </Form>
    </div>
  )
}

export function ColleaguePage({ kind, person, isSelf }: { kind: PartnerKind; person: PersonDto; isSelf: boolean }) {
  const { t } = useTranslation('parties')
  return (
    <div className="max-w-3xl space-y-6" data-testid="colleague">
      <Link to={`/${kind}/users`} className="text-sm text-indigo-700 hover:underline">
        ← {t('colleagues.back')}
      </Link>
      <PageHeader title={person.name} />
      <PersonCard person={person} />
      {/* Keyed by the role held, so after a save the form starts again from what was saved. */}
      <RoleForm key={person.roles.join(',')} kind={kind} person={person} />
      <PersonStatusActions person={person} isSelf={isSelf} />
    </div>
  )
}

/** One role of the organization's kind; the server keeps the last active admin (and says so). */
function RoleForm({ kind, person }: { kind: PartnerKind; person: PersonDto }) {
  const { t } = useTranslation('parties')
  const navigation = useNavigation()
  const roles = partnerRolesOf[kind]
  const current = roles.find((r) => person.roles.includes(r)) ?? roles[1]
  const [form, fields] = useForm({
    id: 'colleague-role',
    lastResult: useIntentResult('role'),
    defaultValue: { role: current },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: colleagueActionSchema(kind) }),
    shouldValidate: 'onSubmit',
  })
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'role'
  return (
    <section className="card p-5" aria-labelledby="colleague-role-title">
      <h2 id="colleague-role-title" className="mb-3 text-sm font-semibold">
        {t('colleagues.roleTitle')}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="colleague-role-form">
        <input type="hidden" name="intent" value="role" />
        <FormError errors={form.errors} />
        <Field label={t('person.role')} meta={fields.role} hint={t('colleagues.roleHint')}>
          <select {...getSelectProps(fields.role)} className="input" data-testid="colleague-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <SubmitButton className="btn-primary" busy={busy} data-testid="save-colleague-role">
          {t('colleagues.saveRole')}
        </SubmitButton>
      </Form>
    </section>
  )
}
