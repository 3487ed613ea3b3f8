// A partner admin's colleague pages, the same in the supplier and dealer portals.
import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { PersonDto } from '~/domain/parties/parties.types'
import { colleagueInviteSchema, partnerRolesOf, type PartnerKind } from '~/domain/parties/parties.validation'
import type { Locale } from '~/i18n/config'
import { Field, FormError } from '~/ui/form'
import { PageHeader } from '~/ui/shell'
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
          <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'} data-testid="send-invite">
            {t('invite.submit')}
          </button>
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
      <PersonStatusActions person={person} isSelf={isSelf} />
    </div>
  )
}
