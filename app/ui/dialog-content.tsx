import * as Dialog from '@radix-ui/react-dialog'
import { forwardRef, useRef } from 'react'

/**
 * Radix's Dialog.Content, which also closes on an Escape that another layer took. Radix gives Escape to
 * the topmost layer only, and a toast (a bell notice) that appears while a dialog is open is the topmost:
 * Escape closed the toast and left the question on screen (a browser test flaked on it). Radix marks an
 * Escape it used to close the dialog itself, so this closes only when that did not happen.
 */
export const DialogContent = forwardRef<HTMLDivElement, Dialog.DialogContentProps>(function DialogContent({ onKeyDown, onCloseAutoFocus, children, ...props }, ref) {
  const close = useRef<HTMLButtonElement>(null)
  return (
    <Dialog.Content
      ref={ref}
      {...props}
      onKeyDown={(e) => {
        onKeyDown?.(e)
        if (e.key === 'Escape' && !e.defaultPrevented) close.current?.click()
      }}
      onCloseAutoFocus={(e) => {
        onCloseAutoFocus?.(e)
        // What focus goes back to may be gone or disabled by now (a row's button that the dialog's own answer removed, a
        // bid box that a pause disabled): the browser then drops focus on <body>, and a screen reader starts again from
        // the top of the page. The page's main region takes it instead, where the reader was.
        setTimeout(() => {
          if (document.activeElement === null || document.activeElement === document.body) document.getElementById('main')?.focus({ preventScroll: true })
        })
      }}
    >
      {children}
      {/* Closing through Radix's own Close runs the dialog's onOpenChange, controlled or not. */}
      <Dialog.Close ref={close} hidden tabIndex={-1} aria-hidden />
    </Dialog.Content>
  )
})
