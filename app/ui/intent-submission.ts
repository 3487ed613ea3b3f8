import { useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

/**
 * For one of several forms on a page, each posting its own `intent`: whether this form's request is
 * running (not a neighbour's: three stock forms all greyed out while one was sent), and a generation
 * that grows each time it succeeded (the action redirected, so no answer for this form came back as
 * `lastResult`). Keyed by it, the form starts empty after a success: a transfer left filled in after
 * it was done moved the same stock again on one more click. A refusal keeps what was typed, and takes
 * focus (given the form's id) to the first field it marked invalid: its message stands beside that
 * field, and a keyboard user left on the button had to hunt for which one it was.
 */
export function useIntentSubmission(intent: string, lastResult: unknown, formId?: string): { busy: boolean; generation: number } {
  const navigation = useNavigation()
  const mine = navigation.formData?.get('intent') === intent
  const sent = useRef(false)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    if (navigation.state !== 'idle') {
      if (mine) sent.current = true
      return
    }
    if (!sent.current) return
    sent.current = false
    if (!lastResult) setGeneration((g) => g + 1)
    else if (formId) {
      const form = document.getElementById(formId)
      const active = document.activeElement
      // Unless the user has gone on to another part of the page meanwhile.
      if (!form || (active && active !== document.body && active.isConnected && !form.contains(active))) return
      form.querySelector<HTMLElement>('[aria-invalid=true]')?.focus()
    }
  }, [navigation.state, mine, lastResult, formId])
  // The fresh form replaced the button pressed, which dropped the keyboard user on <body> (at the top of the page, the toast
  // read and nowhere to go on from): focus goes to the new form's first field, ready for the next entry.
  useEffect(() => {
    if (!generation || !formId) return
    const active = document.activeElement
    if (active && active !== document.body && active.isConnected) return
    document.getElementById(formId)?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea')?.focus({ preventScroll: true })
  }, [generation, formId])
  return { busy: mine && navigation.state === 'submitting', generation }
}
