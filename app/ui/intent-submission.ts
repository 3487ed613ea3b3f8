import { useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

/**
 * For one of several forms on a page, each posting its own `intent`: whether this form's request is
 * running (not a neighbour's: three stock forms all greyed out while one was sent), and a generation
 * that grows each time it succeeded (the action redirected, so no answer for this form came back as
 * `lastResult`). Keyed by it, the form starts empty after a success: a transfer left filled in after
 * it was done moved the same stock again on one more click. A refusal keeps what was typed.
 */
export function useIntentSubmission(intent: string, lastResult: unknown): { busy: boolean; generation: number } {
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
  }, [navigation.state, mine, lastResult])
  return { busy: mine && navigation.state === 'submitting', generation }
}
