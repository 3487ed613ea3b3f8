import { useEffect } from 'react'
import { useRevalidator } from '@remix-run/react'

/**
 * Refetches the page's loader when the tab regains focus. Channel reports change a few times a
 * week, so this is live enough and needs no socket event carrying dealers' data.
 */
export function useRevalidateOnFocus() {
  const revalidator = useRevalidator()
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && revalidator.state === 'idle') revalidator.revalidate()
    }
    window.addEventListener('focus', onVisible)
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      window.removeEventListener('focus', onVisible)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [revalidator])
}
