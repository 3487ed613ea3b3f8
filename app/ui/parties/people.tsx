// People of an organization as every surface shows them: the list, one person, and the invitation
// fields. Client-safe: what the pages need comes in as DTOs from their loaders.
import { getCollectionProps, getInputProps, getSelectProps, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { PersonDto, PersonStatus } from '~/domain/parties/parties.types'
import { supportedLocales } from '~/i18n/config'
import { ConfirmPostDialog } from '~/ui/confirm-post-dialog'
import { SubmitButton } from '~/ui/submit-button'
import { DataTable, type Column } from '~/ui/data-table'
import { Field, FieldMessages, FormError } from '~/ui/form'
import { formatDate } from '~/utils/dates'
import type { ListParams } from '~/utils/list-params'
import { useRootData } from '~/root'
import { formatList, inParens } from '~/utils/intl'

type ActionResult = { submission?: SubmissionResult<string[]> } | undefined

/** The last submission, only when it came from the form with that intent (pages hold several forms). */
export function useIntentResult(intent?: string) {
  const result = useActionData() as ActionResult
  const submission = result?.submission
  if (!submission) return undefined
  if (intent === undefined) return submission
  return (submission.initialValue as Record<string, unknown> | null | undefined)?.intent === intent ? submission : undefined
}

/** Messages of a button-only form (deactivate, resend...), shown above the page's forms. */
export function ActionErrors({ intents }: { intents: string[] }) {
  const result = useActionData() as ActionResult
  const submission = result?.submission
  const intent = (submission?.initialValue as Record<string, unknown> | null | undefined)?.intent
  if (!submission || typeof intent !== 'string' || !intents.includes(intent)) return null
  const errors = Object.values(submission.error ?? {}).flatMap((e) => e ?? [])
  return <FormError errors={errors} />
}

export function StatusBadge({ status }: { status: PersonStatus | 'active' | 'inactive' }) {
  const { t } = useTranslation()
  const tone = status === 'active' ? 'bg-emerald-50 text-emerald-700' : status === 'invited' ? 'bg-amber-50 text-amber-700' : 'bg-slate-100 text-slate-600'
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone}`} data-testid="status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  )
}

export function RoleList({ roles }: { roles: string[] }) {
  const { t, i18n } = useTranslation('parties')
  return <span>{formatList(roles.map((r) => t(`roles.${r}`)), i18n.language)}</span>
}

/** A searchable, sortable list of people linking to each person's page. */
export function PeopleTable({
  rows,
  total,
  params,
  hrefOf,
  searchLabel,
  toolbar,
  label,
}: {
  rows: PersonDto[]
  total: number
  params: Pick<ListParams, 'q' | 'page' | 'pageSize' | 'sort' | 'dir'>
  hrefOf: (id: string) => string
  searchLabel: string
  toolbar?: React.ReactNode
  label: string
}) {
  const { t, i18n } = useTranslation('parties')
  const root = useRootData()
  const me = root?.user?.email
  const columns: Column<PersonDto>[] = [
    {
      key: 'name',
      label: t('person.name'),
      sortable: true,
      cardClassName: 'max-sm:order-1',
      render: (p) => (
        <Link to={hrefOf(p.id)} className="font-medium text-indigo-700 hover:underline" data-testid="person-link">
          {p.name}
          {p.email === me ? <span className="whitespace-nowrap text-xs text-slate-500">{inParens(t('person.you'), i18n.language)}</span> : null}
        </Link>
      ),
    },
    { key: 'email', label: t('person.email'), sortable: true, cardClassName: 'max-sm:order-3 max-sm:col-span-2 max-sm:break-all', render: (p) => p.email },
    { key: 'roles', label: t('person.roles'), cardClassName: 'max-sm:order-4', cardLabel: true, render: (p) => <RoleList roles={p.roles} /> },
    { key: 'status', label: t('person.status'), sortable: true, cardClassName: 'max-sm:order-2', render: (p) => <StatusBadge status={p.status} /> },
    { key: 'createdAt', label: t('person.since'), sortable: true, cardClassName: 'max-sm:order-5', cardLabel: true, render: (p) => formatDate(p.createdAt, i18n.language, root?.user?.timeZone) },
  ]
  return (
    <DataTable
      testId="people-table"
      label={label}
      columns={columns}
      rows={rows}
      total={total}
      params={params}
      rowKey={(p) => p.id}
      searchLabel={searchLabel}
      toolbar={toolbar}
      phoneCards
    />
  )
}

/** Name, e-mail, language and status of one person. */
export function PersonCard({ person }: { person: PersonDto }) {
  const { t } = useTranslation('parties')
  const { t: tc } = useTranslation()
  return (
    <dl className="card grid grid-cols-1 gap-4 p-5 text-sm sm:grid-cols-2" data-testid="person-card">
      <div>
        <dt className="text-slate-500">{t('person.email')}</dt>
        <dd data-testid="person-email">{person.email}</dd>
      </div>
      <div>
        <dt className="text-slate-500">{t('person.status')}</dt>
        <dd>
          <StatusBadge status={person.status} />
        </dd>
      </div>
      <div>
        <dt className="text-slate-500">{t('person.roles')}</dt>
        <dd>
          <RoleList roles={person.roles} />
        </dd>
      </div>
      <div>
        <dt className="text-slate-500">{t('person.language')}</dt>
        <dd>{tc(`language.${person.locale}`)}</dd>
      </div>
    </dl>
  )
}

function IntentButton({ intent, label, tone, testId }: { intent: string; label: string; tone: 'primary' | 'secondary' | 'danger'; testId: string }) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <SubmitButton className={`btn-${tone}`} busy={busy} data-testid={testId}>
        {label}
      </SubmitButton>
    </Form>
  )
}

/**
 * Deactivation cuts someone off mid-work (sessions, sockets and API keys end at once), so it asks
 * first, as revoking an API key does.
 */
function DeactivateButton({ name }: { name: string }) {
  const { t } = useTranslation('parties')
  return (
    <ConfirmPostDialog
      fields={{ intent: 'deactivate' }}
      trigger={t('status.deactivate')}
      triggerClassName="btn-danger"
      title={t('status.confirmTitle', { name })}
      description={t('status.confirmBody')}
      cancelLabel={t('status.confirmCancel')}
      confirmLabel={t('status.confirmDeactivate')}
      testId="deactivate-user"
    />
  )
}

/** Deactivate / reactivate / resend for one person; nobody is offered to deactivate themself. */
export function PersonStatusActions({ person, isSelf }: { person: PersonDto; isSelf: boolean }) {
  const { t } = useTranslation('parties')
  return (
    <section className="card space-y-3 p-5" aria-labelledby="person-status-title">
      <h2 id="person-status-title" className="text-sm font-semibold">
        {t('person.status')}
      </h2>
      <ActionErrors intents={['deactivate', 'reactivate', 'resend']} />
      <div className="flex flex-wrap items-center gap-2">
        {person.status === 'invited' ? <IntentButton intent="resend" label={t('invite.resend')} tone="secondary" testId="resend-invite" /> : null}
        {person.status !== 'inactive' && !isSelf ? <DeactivateButton name={person.name} /> : null}
        {person.status === 'inactive' ? <IntentButton intent="reactivate" label={t('status.reactivate')} tone="primary" testId="reactivate-user" /> : null}
      </div>
      <p className="text-xs text-slate-500">
        {isSelf ? t('status.selfHint') : person.status === 'invited' ? t('invite.resendHint') : person.status === 'active' ? t('status.deactivateHint') : null}
      </p>
    </section>
  )
}

/** Name, e-mail and language of someone being invited (field names as in the invitation schemas). */
export function InviteeFields({
  fields,
}: {
  fields: { name: FieldMetadata<string>; email: FieldMetadata<string>; locale: FieldMetadata<string> }
}) {
  const { t } = useTranslation('parties')
  const { t: tc } = useTranslation()
  return (
    <>
      <Field label={t('person.name')} meta={fields.name}>
        <input {...getInputProps(fields.name, { type: 'text' })} className="input" autoComplete="off" />
      </Field>
      <Field label={t('person.email')} meta={fields.email}>
        <input {...getInputProps(fields.email, { type: 'email' })} className="input" autoComplete="off" />
      </Field>
      <Field label={t('person.language')} meta={fields.locale}>
        <select {...getSelectProps(fields.locale)} className="input">
          {supportedLocales.map((l) => (
            <option key={l} value={l}>
              {tc(`language.${l}`)}
            </option>
          ))}
        </select>
      </Field>
    </>
  )
}

/** Checkboxes for several roles, as one labelled group with its message beside it. */
export function RolesFieldset({ meta, options, hint }: { meta: FieldMetadata<string[]>; options: readonly string[]; hint?: string }) {
  const { t } = useTranslation('parties')
  const errors = meta.errors ?? []
  return (
    <fieldset aria-describedby={errors.length ? meta.errorId : hint ? meta.descriptionId : undefined} data-testid="roles-fieldset">
      <legend className="label">{t('person.roles')}</legend>
      <div className="grid grid-cols-1 gap-1.5 sm:grid-cols-2">
        {getCollectionProps(meta, { type: 'checkbox', options: [...options] }).map(({ key, ...props }) => (
          <label key={key} htmlFor={props.id} className="flex items-center gap-2 text-sm">
            <input {...props} className="h-4 w-4 rounded border-slate-300" data-testid={`role-${props.value}`} />
            {t(`roles.${props.value}`)}
          </label>
        ))}
      </div>
      <FieldMessages meta={meta} hint={hint} announce />
    </fieldset>
  )
}
