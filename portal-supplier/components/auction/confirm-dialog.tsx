import * as Dialog from '@radix-ui/react-dialog'
import { DialogContent } from '~/ui/dialog-content'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * A modal question with one confirm and one cancel button; Escape and the overlay cancel. It opens
 * from code, not from a Dialog.Trigger, so Radix has nothing to give focus back to and dropped it on
 * <body> (WCAG 2.4.3): on close focus goes to `returnFocus`, else to what had it when it opened.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  testId,
  tone = 'primary',
  returnFocus,
}: {
  open: boolean
  title: string
  children: React.ReactNode
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
  testId: string
  tone?: 'primary' | 'danger'
  returnFocus?: React.RefObject<HTMLElement>
}) {
  const { t } = useTranslation()
  const before = useRef<HTMLElement | null>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  return (
    <Dialog.Root open={open} onOpenChange={(o) => (o ? undefined : onCancel())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        {/* max-h and its own scroll: fixed and centred, a dialog taller than a short screen (a phone on its side) had its ends out of reach. */}
        <DialogContent
          className="dialog-panel p-6 focus:outline-none"
          data-testid={testId}
          // Runs before Radix moves focus in, so the element that opened the question still has it. Focus is placed
          // here rather than by autoFocus (which React applies at commit, before the dialog's Escape listener is
          // attached): once focus is inside, Escape works. A danger question starts on Cancel: the Enter that sent
          // the bid, pressed once more, must not confirm a drop the supplier never read about.
          onOpenAutoFocus={(e) => {
            before.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
            e.preventDefault()
            ;(tone === 'danger' ? cancelRef : confirmRef).current?.focus()
          }}
          onCloseAutoFocus={(e) => {
            const target = returnFocus?.current ?? before.current
            if (!target?.isConnected) return
            e.preventDefault()
            target.focus()
          }}
        >
          <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 space-y-2 text-sm text-slate-700">{children}</div>
          </Dialog.Description>
          <div className="mt-5 flex justify-end gap-2">
            <button ref={cancelRef} type="button" className="btn-secondary" onClick={onCancel} data-testid={`${testId}-cancel`}>
              {t('actions.cancel')}
            </button>
            <button ref={confirmRef} type="button" className={tone === 'danger' ? 'btn-danger' : 'btn-primary'} onClick={onConfirm} data-testid={`${testId}-confirm`}>
              {confirmLabel}
            </button>
          </div>
        </DialogContent>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
