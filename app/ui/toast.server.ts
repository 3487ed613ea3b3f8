import { redirect } from '@remix-run/node'
import { toastCookie, type ToastMessage } from './toast'

export function redirectWithToast(url: string, message: ToastMessage | string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', toastCookie(typeof message === 'string' ? { key: message, tone: 'success' } : message))
  return redirect(url, { ...init, headers })
}
