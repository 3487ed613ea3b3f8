import { createContext, useContext, useEffect, useRef, useState } from 'react'
import { useRevalidator } from '@remix-run/react'
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from './events'

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>
const SocketContext = createContext<ClientSocket | null>(null)

/** One socket per signed-in tab, on the same origin; the session cookie authenticates it. */
export function SocketProvider({ enabled, children }: { enabled: boolean; children: React.ReactNode }) {
  const [socket, setSocket] = useState<ClientSocket | null>(null)
  useEffect(() => {
    if (!enabled) return
    const s: ClientSocket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] })
    s.on('connect', () => document.documentElement.setAttribute('data-socket', 'connected'))
    s.on('disconnect', (reason) => {
      document.documentElement.setAttribute('data-socket', 'disconnected')
      // The server ends a socket when the rights it was opened with changed (a change of roles) as
      // well as when its session ended. socket.io does not reconnect after either: one fresh handshake
      // loads the rights as they are now, and one refused for an ended session stays closed.
      if (reason === 'io server disconnect') s.connect()
    })
    setSocket(s)
    return () => {
      s.close()
      setSocket(null)
    }
  }, [enabled])
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>
}

export function useSocket() {
  return useContext(SocketContext)
}

/** Subscribes to one server event for the life of the component. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const socket = useSocket()
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => {
    if (!socket) return
    const listener = ((...args: unknown[]) => (ref.current as (...a: unknown[]) => void)(...args)) as any
    socket.on(event, listener)
    return () => void socket.off(event, listener)
  }, [socket, event])
}

/**
 * Refetches the page's loader when `event` arrives and `concerns` says it is about what the page
 * shows (no filter: every such event). Events carry ids only; what the page shows comes back through
 * its own scoped loader. A burst of events (a shipment touching many orders) refetches once per
 * `debounceMs`.
 */
export function useRevalidateOn<E extends keyof ServerToClientEvents>(event: E, concerns: ((...args: Parameters<ServerToClientEvents[E]>) => boolean) | undefined, debounceMs: number) {
  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate
  const filter = useRef(concerns)
  filter.current = concerns
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  useSocketEvent(event, ((...args: Parameters<ServerToClientEvents[E]>) => {
    if (filter.current && !filter.current(...args)) return
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      revalidate.current()
    }, debounceMs)
  }) as ServerToClientEvents[E])
}
