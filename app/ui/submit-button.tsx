import { forwardRef } from 'react'

type Props = React.ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean }

/**
 * A submit button that keeps its focus while its request runs. A focused button that turns
 * `disabled` drops the keyboard user to <body> (WCAG 2.4.3), so while busy it is only aria-disabled
 * and swallows clicks: that also cancels the implicit submission of Enter in a field (the browser
 * submits through a click on the default button), so nothing is sent twice. `disabled` stays for a
 * button that cannot be used at all (nothing to submit), which is not a state reached by pressing it.
 */
export const SubmitButton = forwardRef<HTMLButtonElement, Props>(function SubmitButton({ busy, onClick, type = 'submit', ...props }, ref) {
  return (
    <button
      ref={ref}
      type={type}
      {...props}
      aria-disabled={busy || props['aria-disabled'] || undefined}
      data-busy={busy ? 'true' : undefined}
      onClick={(e) => {
        if (busy) e.preventDefault()
        else onClick?.(e)
      }}
    />
  )
})
