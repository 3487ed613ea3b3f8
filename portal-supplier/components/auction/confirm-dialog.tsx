import * as Dialog from '@radix-ui/react-dialog'
import { useTranslation } from 'react-i18next'

/** A modal question with one confirm and one cancel button; Escape and the overlay cancel. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  testId,
  tone = 'primary',
}: {
  open: boolean
  title: string
  children: React.ReactNode
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
  testId: string
  tone?: 'primary' | 'danger'
}) {
  const { t } = useTranslation()
  return (
    <Dialog.Root open={open} onOpenChange={(o) => (o ? undefined : onCancel())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          className="fixed left-1/2 top-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl focus:outline-none"
          data-testid={testId}
        >
          <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 space-y-2 text-sm text-slate-700">{children}</div>
          </Dialog.Description>
          <div className="mt-5 flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={onCancel} data-testid={`${testId}-cancel`}>
              {t('actions.cancel')}
            </button>
            <button
              type="button"
              className={tone === 'danger' ? 'btn-danger' : 'btn-primary'}
              onClick={onConfirm}
              data-testid={`${testId}-confirm`}
              autoFocus
            >
              {confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
