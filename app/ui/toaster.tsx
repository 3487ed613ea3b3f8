import * as Toast from '@radix-ui/react-toast'
import { useLocation } from '@remix-run/react'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { TOAST_COOKIE, type ToastMessage } from './toast'

type Shown = ToastMessage & { id: number }
let nextId = 1
const listeners = new Set<(m: ToastMessage) => void>()

/** Shows a toast from anywhere in the browser (socket events, fetcher results). */
export function showToast(message: ToastMessage) {
  for (const l of listeners) l(message)
}

function takeCookieToast(): ToastMessage | null {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${TOAST_COOKIE}=`))
  if (!match) return null
  document.cookie = `${TOAST_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
  try {
    return JSON.parse(decodeURIComponent(match.slice(TOAST_COOKIE.length + 1)))
  } catch {
    return null
  }
}

export function Toaster() {
  const { t } = useTranslation()
  const location = useLocation()
  const [toasts, setToasts] = useState<Shown[]>([])
  const push = useCallback((m: ToastMessage) => setToasts((ts) => [...ts.slice(-3), { ...m, id: nextId++ }]), [])
  useEffect(() => {
    listeners.add(push)
    return () => void listeners.delete(push)
  }, [push])
  useEffect(() => {
    const m = takeCookieToast()
    if (m) push(m)
  }, [location.key, push])
  // Radix's labels are English by default: the announcement's prefix and the F8 landmark speak the UI's
  // language. A toast is at times the only word that an action happened (an approval), so it stays
  // 10 s, pauses while hovered or focused (Radix does), and can be closed; only errors interrupt.
  return (
    <Toast.Provider swipeDirection="right" duration={10_000} label={t('toast.label')}>
      {toasts.map((toast) => (
        <Toast.Root
          key={toast.id}
          type={toast.tone === 'error' ? 'foreground' : 'background'}
          data-testid="toast"
          onOpenChange={(open) => !open && setToasts((ts) => ts.filter((x) => x.id !== toast.id))}
          className={`flex items-start justify-between gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${
            toast.tone === 'error' ? 'border-rose-200 bg-rose-50 text-rose-900' : 'border-emerald-200 bg-white text-slate-900'
          }`}
        >
          <Toast.Description>{t(toast.key, toast.params as any) as string}</Toast.Description>
          <Toast.Close className="-my-0.5 grid h-6 w-6 shrink-0 place-items-center rounded text-slate-500 hover:text-slate-800" aria-label={t('toast.close')}>
            <span aria-hidden>×</span>
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport label={t('toast.region', { hotkey: '{hotkey}' })} className="fixed bottom-4 right-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none" />
    </Toast.Provider>
  )
}
