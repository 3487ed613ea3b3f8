import { useFetchers, useNavigation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** A thin bar at the top while a navigation or a form submission is in flight. */
export function ProgressBar() {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const fetchers = useFetchers()
  const busy = navigation.state !== 'idle' || fetchers.some((f) => f.state !== 'idle')
  const [visible, setVisible] = useState(false)
  useEffect(() => {
    if (!busy) return setVisible(false)
    const t = setTimeout(() => setVisible(true), 120) // fast answers should not flash a bar
    return () => clearTimeout(t)
  }, [busy])
  return (
    <div
      role="progressbar"
      aria-hidden={!visible}
      aria-label={t('loading')}
      data-busy={busy ? 'true' : 'false'}
      className={`pointer-events-none fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden transition-opacity ${visible ? 'opacity-100' : 'opacity-0'}`}
    >
      {/* Animated only while shown: an endless animation under opacity 0 still repaints every frame of every idle page. */}
      {visible ? <div className="h-full w-1/3 bg-indigo-500 motion-safe:animate-[progress_1.2s_ease-in-out_infinite]" /> : null}
      <style>{`@keyframes progress{0%{transform:translateX(-100%)}100%{transform:translateX(300%)}}`}</style>
    </div>
  )
}
