import * as Popover from '@radix-ui/react-popover'
import { Link, useFetcher, useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useRootData } from '~/root'
import type { NotificationDto } from '~/realtime/events'
import { useSocketEvent } from '~/realtime/client'
import { formatDateTime } from '~/utils/dates'
import { CodesWhole } from './codes-whole'
import { noticeParams } from './notification-params'
import { showToast } from './toaster'
import { inParens } from '~/utils/intl'

/** The bell on every surface: persisted notifications, updated live over the socket. */
export function NotificationBell() {
  const { t, i18n } = useTranslation('notifications')
  const root = useRootData()
  const fetcher = useFetcher()
  const revalidator = useRevalidator()
  const [items, setItems] = useState<NotificationDto[]>(root?.notifications?.recent ?? [])
  const [unread, setUnread] = useState(root?.notifications?.unread ?? 0)
  useEffect(() => {
    setItems(root?.notifications?.recent ?? [])
    setUnread(root?.notifications?.unread ?? 0)
  }, [root?.notifications])

  useSocketEvent('notification:new', (n) => {
    setItems((xs) => [n, ...xs.filter((x) => x.id !== n.id)].slice(0, 15))
    setUnread((u) => u + 1)
    showToast({ key: `notifications:kinds.${n.kind}`, params: noticeParams(n.params, i18n.language, root?.user?.timeZone), tone: 'info' })
    // What this user may open changed: the menu and the page reload through their loaders.
    if (n.kind === 'user.rolesChanged') revalidator.revalidate()
  })
  useSocketEvent('notification:read', ({ ids }) => {
    const now = new Date().toISOString()
    setItems((xs) => xs.map((x) => (ids === 'all' || ids.includes(x.id) ? { ...x, readAt: x.readAt ?? now } : x)))
    if (ids === 'all') setUnread(0)
    else setUnread((u) => Math.max(0, u - ids.length))
  })

  // Following a notice reads it and closes the panel (it stayed open over the page it led to, unread).
  const [open, setOpen] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const follow = (n: NotificationDto) => {
    setOpen(false)
    if (n.readAt) return
    // The count follows the server's notification:read, which every open tab of the user gets.
    fetcher.submit({ ids: n.id }, { method: 'post', action: '/notifications' })
  }

  if (!root?.user) return null
  const tz = root.user.timeZone
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="btn-ghost relative" aria-label={`${t('bell')}${inParens(t('unread', { count: unread }), i18n.language)}`} data-testid="bell">
        <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0" />
        </svg>
        {unread > 0 ? (
          // Hidden from the name, which carries the count already: read as visible text, "4" was a label the name did not contain as said (WCAG 2.5.3).
          <span aria-hidden data-testid="bell-count" className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-rose-600 px-1 text-center text-[11px] font-semibold leading-5 text-white">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          aria-labelledby="notification-bell-title"
          align="end"
          sideOffset={6}
          collisionPadding={8}
          // Focus starts on the heading, not on the first button: that was "Mark all as read", so a second Enter on the bell emptied the list unread.
          onOpenAutoFocus={(e) => {
            e.preventDefault()
            heading.current?.focus()
          }}
          className="z-50 w-96 max-w-[calc(100vw-1rem)] rounded-lg border border-slate-200 bg-white shadow-xl">
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
            <h2 ref={heading} id="notification-bell-title" tabIndex={-1} className="text-sm font-semibold">
              {t('bell')}
            </h2>
            {unread > 0 ? (
              <fetcher.Form method="post" action="/notifications">
                <input type="hidden" name="ids" value="all" />
                <button className="min-h-6 rounded px-1 text-xs text-indigo-600 hover:underline" type="submit">
                  {t('markAllRead')}
                </button>
              </fetcher.Form>
            ) : null}
          </div>
          <ul className="max-h-96 overflow-y-auto" data-testid="notification-list">
            {items.length === 0 ? <li className="px-4 py-6 text-center text-sm text-slate-500">{t('empty')}</li> : null}
            {items.map((n) => {
              const text = <CodesWhole text={t(`kinds.${n.kind}`, noticeParams(n.params, i18n.language, tz) as any) as string} />
              return (
                <li key={n.id} className={`border-b border-slate-50 px-4 py-3 text-sm ${n.readAt ? 'text-slate-500' : 'bg-indigo-50/40'}`}>
                  {n.link ? (
                    <Link to={n.link} className="block py-0.5 hover:underline" onClick={() => follow(n)} data-testid="notification-link">
                      {text}
                    </Link>
                  ) : (
                    <span>{text}</span>
                  )}
                  <div className="mt-1 text-xs text-slate-600">{formatDateTime(n.createdAt, i18n.language, tz)}</div>
                </li>
              )
            })}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
