// Client-safe. A toast survives a redirect in a short-lived cookie the browser reads once.
export const TOAST_COOKIE = 'cx_toast'

export interface ToastMessage {
  key: string
  params?: Record<string, string | number>
  tone?: 'success' | 'error' | 'info'
}

export function toastCookie(message: ToastMessage): string {
  return `${TOAST_COOKIE}=${encodeURIComponent(JSON.stringify(message))}; Path=/; Max-Age=60; SameSite=Lax`
}
