import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect, useMemo, useRef, useState, type ComponentProps } from 'react'
import { useTranslation } from 'react-i18next'
import { ChangePasswordSchema, ProfileSchema } from '~/auth/account.validation'
import { supportedLocales } from '~/i18n/config'
import { formatDateTime, timeZoneName, utcOffset } from '~/utils/dates'
import { Field, FormError } from './form'
import { PageHeader } from './shell'

type LoaderData = { account: { name: string; email: string; locale: 'zh-CN' | 'en'; timeZone: string; passwordChangedAt: string | null } }
type ActionData = { form: 'profile' | 'password'; submission: any } | undefined

const COMMON_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Seoul', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'UTC']

/**
 * Name, language, time zone and password: the same page on every surface. Each form is keyed by what
 * was saved: a save answers with a redirect to this same page, which kept the mounted inputs as typed
 * (the three passwords included, for anyone at the desk to reveal or submit again); a new key starts
 * the form again from the saved values, with the password fields empty.
 */
export function AccountPage() {
  const { t } = useTranslation()
  const { account } = useLoaderData() as LoaderData
  return (
    <div className="max-w-2xl space-y-8" data-testid="account-page">
      <PageHeader title={t('account.title')}>{account.email}</PageHeader>
      <ProfileForm key={`${account.name}|${account.locale}|${account.timeZone}`} account={account} />
      <PasswordForm key={account.passwordChangedAt ?? 'never'} account={account} />
    </div>
  )
}

function ProfileForm({ account }: LoaderData) {
  const { t, i18n } = useTranslation()
  const result = useActionData() as ActionData
  // Each zone by its id (type-ahead in the select goes by the id) and its name and offset in the reader's
  // language; the common ones first, then every other from west to east. The names and the list come
  // from the browser's Intl once hydrated: the server's ICU names some zones differently, and a
  // mismatched option text made React throw the server's page away.
  const [named, setNamed] = useState(false)
  useEffect(() => setNamed(true), [])
  const zones = useMemo(() => {
    if (!named) return [...new Set([...COMMON_ZONES, account.timeZone])].map((z) => ({ id: z, label: z }))
    const now = new Date()
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
    const minutes = (z: string) => {
      const m = /UTC([+-])(\d{2}):(\d{2})/.exec(utcOffset(z, now))
      return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
    }
    const rest = all.filter((z) => !COMMON_ZONES.includes(z)).sort((a, b) => minutes(a) - minutes(b) || a.localeCompare(b))
    return [...new Set([...COMMON_ZONES, account.timeZone, ...rest])].map((z) => ({ id: z, label: `${z} · ${timeZoneName(z, i18n.language, now)}` }))
  }, [named, account.timeZone, i18n.language])
  const [profile, pf] = useForm({
    id: 'profile',
    lastResult: result?.form === 'profile' ? result.submission : undefined,
    defaultValue: { name: account.name, locale: account.locale, timeZone: account.timeZone },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
    shouldValidate: 'onSubmit',
  })
  return (
    <section className="card p-6" aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="mb-4 font-semibold">
        {t('account.profile')}
      </h2>
      <Form method="post" {...getFormProps(profile)} className="space-y-4" data-testid="profile-form">
        <input type="hidden" name="intent" value="profile" />
        <FormError errors={profile.errors} />
        <Field label={t('account.name')} meta={pf.name}>
          <input {...getInputProps(pf.name, { type: 'text' })} className="input" autoComplete="name" />
        </Field>
        <Field label={t('language.label')} meta={pf.locale}>
          <select {...getSelectProps(pf.locale)} className="input">
            {supportedLocales.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('account.timeZone')} meta={pf.timeZone} hint={t('account.timeZoneHint')}>
          <ZoneSelect {...getSelectProps(pf.timeZone)} zones={zones} />
        </Field>
        <button type="submit" className="btn-primary">
          {t('actions.save')}
        </button>
      </Form>
    </section>
  )
}

/**
 * The zone select with its choice drawn in a box that wraps. A zone reads as its id, name and offset
 * ("Asia/Hong_Kong · Hong Kong Standard Time UTC+08:00"), wider than a phone's form, and a select draws its
 * choice on one line: a phone showed "…UTC+08:0". The select lies over the box, unseen, and takes the taps,
 * keys, label and messages as before (Field hands it aria-describedby and aria-invalid).
 *
 * The box reads the select's own value, not a copy of the first one kept in state: a form reset, a browser
 * restoring the form on back, or React selecting a new default left a copy showing a zone the select no
 * longer held. Its focus mark is an outline, which forced-colours mode keeps (it drops a ring's box-shadow).
 */
function ZoneSelect({ zones, className: _, ...props }: ComponentProps<'select'> & { zones: Array<{ id: string; label: string }> }) {
  const ref = useRef<HTMLSelectElement>(null)
  const [value, setValue] = useState(String(props.defaultValue ?? ''))
  useEffect(() => {
    const select = ref.current
    if (!select) return
    const read = () => setValue(select.value)
    // A form's reset event comes before its fields are reset.
    const afterReset = () => setTimeout(read)
    const form = select.form
    select.addEventListener('input', read)
    select.addEventListener('change', read)
    form?.addEventListener('reset', afterReset)
    return () => {
      select.removeEventListener('input', read)
      select.removeEventListener('change', read)
      form?.removeEventListener('reset', afterReset)
    }
  }, [])
  // On mount (a restored form) and whenever React may have selected another default.
  useEffect(() => {
    if (ref.current) setValue(ref.current.value)
  }, [props.defaultValue, zones])
  const shown = zones.find((z) => z.id === value)?.label ?? value
  return (
    <div className="relative">
      <select {...props} ref={ref} className="peer absolute inset-0 z-10 h-full w-full cursor-pointer opacity-0">
        {zones.map((z) => (
          <option key={z.id} value={z.id}>
            {z.label}
          </option>
        ))}
      </select>
      <div
        aria-hidden="true"
        className="input flex items-center justify-between gap-2 peer-focus:border-indigo-500 peer-focus:ring-1 peer-focus:ring-indigo-500 peer-focus-visible:outline peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 peer-aria-[invalid=true]:border-rose-500"
        data-testid="time-zone-shown"
      >
        <span className="min-w-0 break-words">{shown}</span>
        <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 shrink-0 text-slate-500" aria-hidden="true">
          <path fillRule="evenodd" d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06z" clipRule="evenodd" />
        </svg>
      </div>
    </div>
  )
}

function PasswordForm({ account }: LoaderData) {
  const { t, i18n } = useTranslation()
  const result = useActionData() as ActionData
  const [password, pw] = useForm({
    id: 'password',
    lastResult: result?.form === 'password' ? result.submission : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <section className="card p-6" aria-labelledby="password-heading">
      <h2 id="password-heading" className="mb-1 font-semibold">
        {t('account.password')}
      </h2>
      <p className="mb-4 text-sm text-slate-500">
        {account.passwordChangedAt
          ? t('account.passwordChangedAt', { at: formatDateTime(account.passwordChangedAt, i18n.language, account.timeZone) })
          : t('account.passwordHint')}
      </p>
      <Form method="post" {...getFormProps(password)} className="space-y-4" data-testid="password-form">
        <input type="hidden" name="intent" value="password" />
        <FormError errors={password.errors} />
        <Field label={t('account.currentPassword')} meta={pw.current}>
          <input {...getInputProps(pw.current, { type: 'password' })} className="input" autoComplete="current-password" />
        </Field>
        <Field label={t('account.newPassword')} meta={pw.password}>
          <input {...getInputProps(pw.password, { type: 'password' })} className="input" autoComplete="new-password" />
        </Field>
        <Field label={t('account.confirmPassword')} meta={pw.confirm}>
          <input {...getInputProps(pw.confirm, { type: 'password' })} className="input" autoComplete="new-password" />
        </Field>
        <button type="submit" className="btn-primary">
          {t('account.changePassword')}
        </button>
      </Form>
    </section>
  )
}
