import { useActionData, useLocation } from '@remix-run/react'
import { useRef } from 'react'

/**
 * useActionData that outlives a revalidation. Remix clears action data whenever a navigation
 * completes, and a revalidation is one: on a live page (useRevalidateOn) a form's error vanished
 * the moment a push about anything else on the page landed. The answer is kept while the location
 * stays (a revalidation keeps it; a redirect or another page starts afresh) and until the next
 * answer replaces it.
 */
export function useKeptActionData<T>(): ReturnType<typeof useActionData<T>> {
  const actionData = useActionData<T>()
  const location = useLocation()
  const kept = useRef<{ key: string; data: ReturnType<typeof useActionData<T>> } | null>(null)
  if (actionData !== undefined) kept.current = { key: location.key, data: actionData }
  return actionData ?? (kept.current?.key === location.key ? kept.current.data : undefined)
}
