import type { FieldMetadata } from '@conform-to/react'
import { cloneElement, isValidElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ACTION_TOKEN_FIELD } from '~/auth/action-token'
import { useRootData } from '~/root'
import { parseMessage } from '~/utils/validation'
import { LanguageSwitcher } from './language-switcher'

/** The session-bound token a high-value form (a bid, an award, an approval) must carry; see parseForm. */
export function ActionTokenField() {
  const token = useRootData()?.actionToken
  return token ? <input type="hidden" name={ACTION_TOKEN_FIELD} value={token} /> : null
}

/** Translates "ns:key|{params}" messages produced by zod and the domain. */
export function useErrorText() {
  const { t } = useTranslation()
  return (message: string) => {
    const [key, params] = parseMessage(message)
    return t(key, params as any) as string
  }
}

/** A labelled field with its error right beside it, wired for screen readers. */
export function Field({
  label,
  meta,
  hint,
  children,
}: {
  label: string
  meta: FieldMetadata<any, any, any>
  hint?: string
  children: React.ReactElement
}) {
  const errors = meta.errors ?? []
  const describedBy = [errors.length ? meta.errorId : null, hint ? meta.descriptionId : null].filter(Boolean).join(' ') || undefined
  const control = isValidElement(children)
    ? cloneElement(children as React.ReactElement<any>, { 'aria-describedby': describedBy, 'aria-invalid': errors.length ? true : undefined })
    : children
  return (
    <div>
      <label htmlFor={meta.id} className="label">
        {label}
      </label>
      {control}
      <FieldMessages meta={meta} hint={hint} />
    </div>
  )
}

/**
 * A field's hint and its error, with the ids its control's aria-describedby points at. `announce` for a group's message (a list's
 * "add a line", a checkbox set's "choose one"): no control carries the group's name for conform to focus, so no one would read it.
 */
export function FieldMessages({ meta, hint, announce }: { meta: FieldMetadata<any, any, any>; hint?: string; announce?: boolean }) {
  const text = useErrorText()
  const errors = meta.errors ?? []
  return (
    <>
      {hint ? (
        <p id={meta.descriptionId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {/* Not an alert: a refused form moves focus to its first invalid field, which reads this through aria-describedby.
          As alerts, every field's message was said at once, unnamed ("This field is required." three times), over that field. */}
      {errors.length ? (
        <p id={meta.errorId} className="mt-1 text-sm text-rose-600" role={announce ? 'alert' : undefined} data-testid={`error-${meta.name}`}>
          {errors.map(text).join(' ')}
        </p>
      ) : null}
    </>
  )
}

/**
 * The aria wiring of a control whose message comes from a server reply outside conform (a fetcher's
 * answer): invalid, and described by FieldError's paragraph (and a hint), as Field does for conform.
 */
export function fieldErrorProps(id: string, errors: readonly string[] | null | undefined, hintId?: string) {
  const invalid = !!errors?.length
  return { 'aria-invalid': invalid || undefined, 'aria-describedby': [invalid ? `${id}-error` : null, hintId].filter(Boolean).join(' ') || undefined }
}

/**
 * The message fieldErrorProps points at. An alert, unlike a conform field's message: a fetcher's refusal leaves focus on
 * the button pressed, so nothing else would say it.
 */
export function FieldError({ id, errors, testId }: { id: string; errors: readonly string[] | null | undefined; testId?: string }) {
  const text = useErrorText()
  if (!errors?.length) return null
  return (
    <p id={`${id}-error`} className="mt-1 text-sm text-rose-600" role="alert" data-testid={testId}>
      {[...new Set(errors)].map(text).join(' ')}
    </p>
  )
}

export function FormError({ errors }: { errors?: string[] }) {
  const text = useErrorText()
  if (!errors?.length) return null
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="form-error">
      {errors.map((e) => (
        <p key={e}>{text(e)}</p>
      ))}
    </div>
  )
}

/** The centered card of the sign-in, reset and invitation pages. */
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useTranslation()
  return (
    // All of it the main landmark: the brand and language switcher stood outside any landmark (axe region).
    <main className="flex min-h-full flex-col items-center justify-center bg-gradient-to-b from-indigo-50 to-slate-50 px-4 py-12">
      <div className="absolute right-4 top-4">
        <LanguageSwitcher />
      </div>
      <div className="mb-6 flex items-center gap-3">
        <span className="grid h-10 w-10 place-items-center rounded-lg bg-indigo-600 text-lg font-bold text-white" aria-hidden>
          采
        </span>
        <div>
          <p className="text-lg font-semibold">{t('appName')}</p>
          <p className="text-xs text-slate-500">{t('tagline')}</p>
        </div>
      </div>
      <div className="card w-full max-w-sm p-6">
        <h1 className="mb-5 text-lg font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  )
}
