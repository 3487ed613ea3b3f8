// A confirmation dialog around one of the auction page's forms: the buyer sees what will happen,
// fills what the rules require (a reason, a new end, an amount) and confirms. The form posts through
// a fetcher, so the dialog stays open with the server's message when the action refuses.
import * as Dialog from '@radix-ui/react-dialog'
import { DialogContent } from '~/ui/dialog-content'
import { useFetcher } from '@remix-run/react'
import { cloneElement, createContext, useContext, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ActionTokenField, useErrorText } from '~/ui/form'
import { SubmitButton } from '~/ui/submit-button'

/** The refused reply's messages by field name ('' for the form's own), the id prefix of their paragraphs, and the bid refusal's id when one shows. */
const DialogErrors = createContext<{ prefix: string; errors: Record<string, string[]>; bidErrorId: string | null }>({ prefix: '', errors: {}, bidErrorId: null })

/**
 * The aria wiring of a field inside an ActionDialog: invalid and described by its own message in the
 * dialog's alert (WCAG 3.3.1), so tabbing back to it says why. `formErrors` also ties the form's own
 * messages and a refused bid to it, for a dialog whose one field is what the rule refused (the extend
 * dialog's end, the surrogate bid's amount).
 */
function useDialogField(name: string, { formErrors = false } = {}) {
  const { prefix, errors, bidErrorId } = useContext(DialogErrors)
  const ids = [errors[name]?.length ? `${prefix}-${name}` : null, formErrors && errors['']?.length ? `${prefix}-` : null, formErrors ? bidErrorId : null].filter(Boolean)
  return { 'aria-invalid': ids.length ? true : undefined, 'aria-describedby': ids.join(' ') || undefined }
}

/** A control of a dialog's children given useDialogField's wiring: it renders inside the dialog's context, its parent may not. */
export function DialogControl({ name, formErrors, children }: { name: string; formErrors?: boolean; children: React.ReactElement }) {
  return cloneElement(children, useDialogField(name, { formErrors }))
}

interface Reply {
  submission?: { error?: Record<string, string[] | null> | null }
  bidError?: { messageKey: string; messageParams: Record<string, string> }
}

export function ActionDialog({
  intent,
  trigger,
  title,
  description,
  confirmLabel,
  tone = 'primary',
  testId,
  triggerClassName,
  triggerLabel,
  hideTrigger = false,
  children,
}: {
  intent: string
  trigger: React.ReactNode
  title: string
  description?: React.ReactNode
  confirmLabel: string
  tone?: 'primary' | 'danger'
  testId: string
  triggerClassName?: string
  /** The trigger's accessible name when its text alone does not say what it acts on (one of many rows' "Void"); it should begin with that text. */
  triggerLabel?: string
  /** The action is no longer offered (no trigger), but a dialog already open stays, so what its confirmation meets is read there. */
  hideTrigger?: boolean
  children?: React.ReactNode
}) {
  const { t } = useTranslation('auction')
  const fetcher = useFetcher<Reply>()
  const [open, setOpen] = useState(false)
  // The answer to this dialog's last submission, when it was a refusal. A redirect (success) leaves
  // fetcher.data as it was, so "the data did not change" also means success.
  const [reply, setReply] = useState<Reply | null>(null)
  // What fetcher.data held when this submission left, taken in the submit handler: an effect that
  // waited for the first busy render could miss it on a loaded machine (the router's updates are
  // transitions, and "submitting" may never render), see the refusal already in fetcher.data, take
  // it for the old data and close the dialog as if the action had succeeded.
  const busy = useRef<{ before: unknown } | null>(null)
  useEffect(() => {
    if (fetcher.state !== 'idle' || !busy.current) return
    const fresh = fetcher.data !== busy.current.before ? fetcher.data : undefined
    busy.current = null
    if (fresh && (fresh.bidError || Object.values(fresh.submission?.error ?? {}).some((e) => e?.length))) setReply(fresh)
    else {
      setReply(null)
      setOpen(false)
    }
  }, [fetcher.state, fetcher.data])
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (o) setReply(null)
      }}
    >
      {hideTrigger ? null : (
        <Dialog.Trigger className={triggerClassName ?? (tone === 'danger' ? 'btn-secondary text-rose-700' : 'btn-secondary')} aria-label={triggerLabel} data-testid={`${testId}-open`}>
          {trigger}
        </Dialog.Trigger>
      )}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        {/* max-h and its own scroll: fixed and centred, a dialog taller than a short screen (a phone on its side) had its ends out of reach. */}
        <DialogContent className="dialog-panel" data-testid={`${testId}-dialog`}>
          <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
          {description ? <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description> : <Dialog.Description className="sr-only">{title}</Dialog.Description>}
          <fetcher.Form method="post" className="mt-4 space-y-3" onSubmit={() => (busy.current = { before: fetcher.data })}>
            <input type="hidden" name="intent" value={intent} />
            <ActionTokenField />
            <DialogReply testId={testId} reply={reply}>
              {children}
            </DialogReply>
            <div className="flex justify-end gap-2 pt-2">
              <Dialog.Close className="btn-secondary" type="button">
                {t('console.dialog.back')}
              </Dialog.Close>
              <SubmitButton className={tone === 'danger' ? 'btn-primary bg-rose-600 hover:bg-rose-700' : 'btn-primary'} busy={fetcher.state !== 'idle'} data-testid={`${testId}-confirm`}>
                {confirmLabel}
              </SubmitButton>
            </div>
          </fetcher.Form>
        </DialogContent>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** A dialog's fields with the refused reply's messages after them, in an alert whose paragraphs the fields point at (useDialogField). */
export function DialogReply({ testId, reply, children }: { testId: string; reply: Reply | null; children?: React.ReactNode }) {
  const { t } = useTranslation('auction')
  const text = useErrorText()
  const byField = Object.fromEntries(Object.entries(reply?.submission?.error ?? {}).map(([k, v]) => [k, (v ?? []).filter(Boolean)]).filter(([, v]) => v.length)) as Record<string, string[]>
  const errors = Object.values(byField).flat()
  const bidError = reply?.bidError
  // Not under the `${testId}-error-` prefix: that names a field's paragraph, and a field may be called anything.
  const bidErrorId = bidError ? `${testId}-bid-error` : null
  return (
    <>
      <DialogErrors.Provider value={{ prefix: `${testId}-error`, errors: byField, bidErrorId }}>{children}</DialogErrors.Provider>
      {errors.length || bidError ? (
        <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid={`${testId}-error`}>
          {Object.entries(byField).map(([name, es]) => (
            <p key={name} id={`${testId}-error-${name}`}>
              {es.map(text).join(' ')}
            </p>
          ))}
          {bidError ? <p id={bidErrorId ?? undefined}>{t(bidError.messageKey.replace(/^auction:/, ''), bidError.messageParams)}</p> : null}
        </div>
      ) : null}
    </>
  )
}

/** A required reason field for the dialogs that need one. */
export function ReasonField({ label, testId }: { label: string; testId: string }) {
  const aria = useDialogField('reason')
  return (
    <div>
      <label className="label" htmlFor={`${testId}-reason`}>
        {label}
      </label>
      <textarea id={`${testId}-reason`} name="reason" required maxLength={500} rows={2} className="input" {...aria} data-testid={`${testId}-reason`} />
    </div>
  )
}
