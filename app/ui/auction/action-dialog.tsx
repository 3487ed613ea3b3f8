// A confirmation dialog around one of the auction page's forms: the buyer sees what will happen,
// fills what the rules require (a reason, a new end, an amount) and confirms. The form posts through
// a fetcher, so the dialog stays open with the server's message when the action refuses.
import * as Dialog from '@radix-ui/react-dialog'
import { useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ActionTokenField, useErrorText } from '~/ui/form'

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
  children?: React.ReactNode
}) {
  const { t } = useTranslation('auction')
  const text = useErrorText()
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
  const errors = reply?.submission?.error ? Object.values(reply.submission.error).flat().filter((e): e is string => !!e) : []
  const bidError = reply?.bidError

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (o) setReply(null)
      }}
    >
      <Dialog.Trigger className={triggerClassName ?? (tone === 'danger' ? 'btn-secondary text-rose-700' : 'btn-secondary')} data-testid={`${testId}-open`}>
        {trigger}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl" data-testid={`${testId}-dialog`}>
          <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
          {description ? <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description> : <Dialog.Description className="sr-only">{title}</Dialog.Description>}
          <fetcher.Form method="post" className="mt-4 space-y-3" onSubmit={() => (busy.current = { before: fetcher.data })}>
            <input type="hidden" name="intent" value={intent} />
            <ActionTokenField />
            {children}
            {errors.length || bidError ? (
              <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid={`${testId}-error`}>
                {errors.map((e) => (
                  <p key={e}>{text(e)}</p>
                ))}
                {bidError ? <p>{t(bidError.messageKey.replace(/^auction:/, ''), bidError.messageParams)}</p> : null}
              </div>
            ) : null}
            <div className="flex justify-end gap-2 pt-2">
              <Dialog.Close className="btn-secondary" type="button">
                {t('console.dialog.back')}
              </Dialog.Close>
              <button type="submit" className={tone === 'danger' ? 'btn-primary bg-rose-600 hover:bg-rose-700' : 'btn-primary'} disabled={fetcher.state !== 'idle'} data-testid={`${testId}-confirm`}>
                {confirmLabel}
              </button>
            </div>
          </fetcher.Form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** A required reason field for the dialogs that need one. */
export function ReasonField({ label, testId }: { label: string; testId: string }) {
  return (
    <div>
      <label className="label" htmlFor={`${testId}-reason`}>
        {label}
      </label>
      <textarea id={`${testId}-reason`} name="reason" required maxLength={500} rows={2} className="input" data-testid={`${testId}-reason`} />
    </div>
  )
}
