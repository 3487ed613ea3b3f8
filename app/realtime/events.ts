// The typed event map shared by the socket server and the browser. Payloads are explicit DTOs.
export interface NotificationDto {
  id: string
  kind: string
  params: Record<string, string | number>
  link: string | null
  readAt: string | null
  createdAt: string
}

export interface ServerToClientEvents {
  'notification:new': (n: NotificationDto) => void
  'notification:read': (p: { ids: string[] | 'all' }) => void
  /**
   * Stock of these products changed (a committed move or reservation): pages showing them refetch.
   * Ids only, never quantities or prices: it goes to staff and to every dealer, and each refetch
   * passes the loader's own scoping.
   */
  'stock:changed': (p: { productIds: string[] }) => void
}

export interface ClientToServerEvents {
  /** Asks for nothing but an answer: lets tests and the UI check the connection end to end. */
  ping: (ack: (p: { at: string }) => void) => void
}

export const rooms = {
  user: (userId: string) => `user:${userId}`,
  org: (orgId: string) => `org:${orgId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  staff: () => 'staff',
  /** Every signed-in dealer user: hears only id-only catalog events (stock:changed). */
  dealers: () => 'dealers',
}
