import * as Dialog from '@radix-ui/react-dialog'
import { DialogContent } from '~/ui/dialog-content'
import { Form, useNavigation } from '@remix-run/react'
import { SubmitButton } from '~/ui/submit-button'

/**
 * A button that asks before it posts: for acts that cut something off at once (revoking a key,
 * deactivating a person). The question names what it acts on; `fields` are the form's hidden inputs.
 */
export function ConfirmPostDialog({
  fields,
  trigger,
  triggerClassName,
  title,
  description,
  cancelLabel,
  confirmLabel,
  testId,
  triggerTestId = testId,
}: {
  fields: Record<string, string>
  trigger: string
  triggerClassName: string
  title: string
  description: string
  cancelLabel: string
  confirmLabel: string
  /** The dialog is `${testId}-dialog`, its confirm button `${testId}-confirm`; the trigger `triggerTestId`, else `testId`. */
  testId: string
  triggerTestId?: string
}) {
  const busy = useNavigation().state !== 'idle'
  return (
    <Dialog.Root>
      <Dialog.Trigger className={triggerClassName} data-testid={triggerTestId}>
        {trigger}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        {/* max-h and its own scroll: fixed and centred, a dialog taller than a short screen (a phone on its side) had its ends out of reach. */}
        <DialogContent
          className="dialog-panel text-left"
          data-testid={`${testId}-dialog`}
        >
          <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
          <Form method="post" className="mt-4 flex justify-end gap-2">
            {Object.entries(fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <Dialog.Close className="btn-secondary" type="button">
              {cancelLabel}
            </Dialog.Close>
            <SubmitButton className="btn-danger" busy={busy} data-testid={`${testId}-confirm`}>
              {confirmLabel}
            </SubmitButton>
          </Form>
        </DialogContent>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
