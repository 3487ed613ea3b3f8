// The API-key page of the console and both portals: the organization's keys, a form to make one
// (its secret shown once, right after), and revocation behind a confirmation. Client-safe.
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { displayPrefix, expiryChoices, type ApiKeyDto, type ApiKeyStatus, type ApiScope } from '~/auth/api-keys.rules'
import { apiKeyCreateSchema } from '~/auth/api-keys.validation'
import type { OrgKind } from '~/auth/roles'
import { ConfirmPostDialog } from '~/ui/confirm-post-dialog'
import { SubmitButton } from '~/ui/submit-button'
import { Field, FieldMessages, FormError } from '~/ui/form'
import { phoneCard } from '~/ui/phone-cards'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'
import { formatList } from '~/utils/intl'

export type ApiKeyRow = Omit<ApiKeyDto, 'revokedAt'>

type ActionData = { submission?: SubmissionResult<string[]>; created?: { id: string; name: string; token: string } } | undefined

// i18next reads ':' as its namespace separator, so translation keys spell scopes with '_'.
const scopeKey = (scope: string) => scope.replace(':', '_')

const orgKindOf = { console: 'host', supplier: 'supplier', dealer: 'dealer' } as const satisfies Record<string, OrgKind>

export function ApiKeysPage({
  surface,
  keys,
  scopes,
  timeZone,
  apiBase,
}: {
  surface: keyof typeof orgKindOf
  keys: ApiKeyRow[]
  scopes: ApiScope[]
  timeZone: string
  apiBase: string
}) {
  const { t, i18n } = useTranslation('apikeys')
  const actionData = useActionData() as ActionData
  const revokeSubmission = actionData?.submission
  const revokeErrors =
    (revokeSubmission?.initialValue as Record<string, unknown> | null | undefined)?.intent === 'revoke'
      ? Object.values(revokeSubmission?.error ?? {}).flatMap((e) => e ?? [])
      : []
  const when = (v: string | null, empty: string) => (v ? formatDateTime(v, i18n.language, timeZone) : empty)
  return (
    <div className="max-w-5xl space-y-6" data-testid="api-keys">
      <PageHeader title={t('title')}>{t(`intro.${surface}`)}</PageHeader>
      {actionData?.created ? <NewSecret name={actionData.created.name} token={actionData.created.token} apiBase={apiBase} resource={surface === 'dealer' ? 'orders' : 'auctions'} /> : null}
      <CreateKeyForm surface={surface} scopes={scopes} />
      <FormError errors={revokeErrors} />
      <section className="card relative overflow-x-auto" aria-labelledby="api-keys-list">
        <h2 id="api-keys-list" className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">
          {t('list.title')}
        </h2>
        {keys.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500" data-testid="api-keys-empty">
            {t('list.empty')}
          </p>
        ) : (
          // On a phone a card per key, as the other lists are: as a table its name stood a character a line (ERP / 接 / 口)
          // and its dates and creator were cut at the card's edge.
          <table className={`min-w-full text-sm ${phoneCard.table}`} data-testid="api-keys-table">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 max-sm:hidden">
              <tr>
                {(['name', 'prefix', 'scopes', 'created', 'lastUsed', 'expires', 'status'] as const).map((c) => (
                  <th key={c} scope="col" className="px-4 py-2 font-medium">
                    {t(`list.${c}`)}
                  </th>
                ))}
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">{t('list.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className={`divide-y divide-slate-100 ${phoneCard.body}`}>
              {keys.map((k) => (
                <tr key={k.id} className={phoneCard.row} data-testid="api-key-row" data-key-id={k.id} data-status={k.status}>
                  <td className={`px-4 py-2 font-medium ${phoneCard.cell} max-sm:col-span-2`}>{k.name}</td>
                  <td className={`px-4 py-2 ${phoneCard.cell} max-sm:col-span-2`}>
                    <code className="text-xs max-sm:break-all" data-testid="api-key-prefix">
                      {displayPrefix(k.prefix)}
                    </code>
                  </td>
                  <td className={`px-4 py-2 ${phoneCard.cell} max-sm:col-span-2`}>
                    <div className={phoneCard.label}>{t('list.scopes')}</div>
                    {formatList(k.scopes.map((s) => t(`scopes.${scopeKey(s)}`)), i18n.language)}
                  </td>
                  <td className={`px-4 py-2 ${phoneCard.cell}`}>
                    <div className={phoneCard.label}>{t('list.created')}</div>
                    {when(k.createdAt, '')}
                    <div className="text-xs text-slate-500">{k.createdByName}</div>
                  </td>
                  <td className={`px-4 py-2 ${phoneCard.cell}`}>
                    <div className={phoneCard.label}>{t('list.lastUsed')}</div>
                    {when(k.lastUsedAt, t('list.never'))}
                  </td>
                  <td className={`px-4 py-2 ${phoneCard.cell}`}>
                    <div className={phoneCard.label}>{t('list.expires')}</div>
                    {when(k.expiresAt, t('list.noExpiry'))}
                  </td>
                  <td className={`px-4 py-2 ${phoneCard.cell}`}>
                    <KeyStatus status={k.status} />
                    {k.status === 'revoked' && k.revokedReason ? (
                      <div className="mt-0.5 whitespace-nowrap text-xs text-slate-500" data-testid="api-key-revoked-reason" data-reason={k.revokedReason}>
                        {t(`revokedReason.${k.revokedReason}`)}
                      </div>
                    ) : null}
                  </td>
                  <td className={`px-4 py-2 text-right ${phoneCard.cell} max-sm:col-span-2 max-sm:mt-1`}>{k.status === 'active' ? <RevokeButton id={k.id} name={k.name} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}

function KeyStatus({ status }: { status: ApiKeyStatus }) {
  const { t } = useTranslation('apikeys')
  const tone = status === 'active' ? 'bg-emerald-50 text-emerald-700' : status === 'expired' ? 'bg-amber-50 text-amber-700' : 'bg-slate-100 text-slate-600'
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone}`} data-testid="api-key-status">
      {t(`status.${status}`)}
    </span>
  )
}

/** The new key's secret, in this answer only: after a reload or a navigation it is gone for good. */
function NewSecret({ name, token, apiBase, resource }: { name: string; token: string; apiBase: string; resource: string }) {
  const { t } = useTranslation('apikeys')
  const [copied, setCopied] = useState(false)
  return (
    <section className="card space-y-3 border-emerald-300 bg-emerald-50 p-5" role="status" data-testid="api-key-created">
      <h2 className="text-sm font-semibold">{t('created.title', { name })}</h2>
      <p className="text-sm text-slate-700">{t('created.once')}</p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="api-key-secret" className="sr-only">
          {t('created.secret')}
        </label>
        <input
          id="api-key-secret"
          readOnly
          value={token}
          className="input flex-1 font-mono text-xs"
          data-testid="api-key-secret"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="btn-secondary"
          data-testid="api-key-copy"
          onClick={() => {
            void navigator.clipboard?.writeText(token).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }}
        >
          {copied ? t('created.copied') : t('created.copy')}
        </button>
      </div>
      <p className="text-xs text-slate-600">{t('created.usage')}</p>
      <pre className="overflow-x-auto rounded bg-white px-3 py-2 text-xs">{`curl -H "Authorization: Bearer $CAIXIAO_KEY" ${apiBase}/${resource}`}</pre>
    </section>
  )
}

function CreateKeyForm({ surface, scopes }: { surface: keyof typeof orgKindOf; scopes: ApiScope[] }) {
  const { t } = useTranslation('apikeys')
  const navigation = useNavigation()
  const actionData = useActionData() as ActionData
  const schema = apiKeyCreateSchema(orgKindOf[surface])
  const lastResult = (actionData?.submission?.initialValue as Record<string, unknown> | undefined)?.intent === 'create' || actionData?.created ? actionData?.submission : undefined
  const [form, fields] = useForm({
    id: 'create-api-key',
    lastResult,
    defaultValue: { expiry: 'never' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'create'
  return (
    <section className="card p-5" aria-labelledby="create-api-key-title">
      <h2 id="create-api-key-title" className="mb-3 text-sm font-semibold">
        {t('create.title')}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="create-api-key-form">
        <input type="hidden" name="intent" value="create" />
        <FormError errors={form.errors} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t('create.name')} meta={fields.name} hint={t('create.nameHint')}>
            <input {...getInputProps(fields.name, { type: 'text' })} className="input" maxLength={80} data-testid="api-key-name" />
          </Field>
          <Field label={t('create.expiry')} meta={fields.expiry}>
            <select {...getSelectProps(fields.expiry)} className="input" data-testid="api-key-expiry">
              {expiryChoices.map((c) => (
                <option key={c} value={c}>
                  {t(`expiry.${c}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset aria-describedby={fields.scopes.errors?.length ? fields.scopes.errorId : undefined} data-testid="api-key-scopes">
          <legend className="label">{t('create.scopes')}</legend>
          <div className="grid grid-cols-1 gap-1.5 sm:grid-cols-2">
            {getCollectionProps(fields.scopes, { type: 'checkbox', options: scopes }).map(({ key, ...props }) => (
              <label key={key} htmlFor={props.id} className="flex items-start gap-2 text-sm">
                <input {...props} className="mt-0.5 h-4 w-4 rounded border-slate-300" data-testid={`scope-${props.value}`} />
                <span>
                  {t(`scopes.${scopeKey(props.value)}`)}
                  <span className="block text-xs text-slate-500">{t(`scopeHints.${scopeKey(props.value)}`)}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldMessages meta={fields.scopes} announce />
        </fieldset>
        <SubmitButton className="btn-primary" busy={busy} data-testid="create-api-key">
          {t('create.submit')}
        </SubmitButton>
      </Form>
    </section>
  )
}

function RevokeButton({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation('apikeys')
  return (
    <ConfirmPostDialog
      fields={{ intent: 'revoke', keyId: id }}
      trigger={t('revoke.button')}
      triggerClassName="btn-secondary whitespace-nowrap text-rose-700"
      title={t('revoke.title', { name })}
      description={t('revoke.description')}
      cancelLabel={t('revoke.cancel')}
      confirmLabel={t('revoke.confirm')}
      testId="revoke-api-key"
      triggerTestId="revoke-api-key-open"
    />
  )
}
