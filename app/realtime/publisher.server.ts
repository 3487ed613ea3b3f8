import type { Server } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from './events'
import { rooms } from './events'

type Io = Server<ClientToServerEvents, ServerToClientEvents>

// The boot file installs the socket.io server here; domain code publishes through these helpers.
// With an adapter (Postgres or Redis) each emit reaches sockets connected to every process.
const holder: { io?: Io } = ((globalThis as any).__caixiaoIo ??= {})

export function installIo(io: Io | undefined) {
  holder.io = io
}

export function getIo(): Io | undefined {
  return holder.io
}

type EventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>

export function emitToUser<E extends keyof ServerToClientEvents>(userId: string, event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.user(userId)).emit(event, ...args)
}

export function emitToOrg<E extends keyof ServerToClientEvents>(orgId: string, event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.org(orgId)).emit(event, ...args)
}

/**
 * Several organizations' sockets with one emit: socket.io sends it once to each socket in any of
 * the rooms (a socket in two of them gets it once), and the adapter carries it to other processes once.
 */
export function emitToOrgs<E extends keyof ServerToClientEvents>(orgIds: readonly string[], event: E, ...args: EventArgs<E>) {
  if (!orgIds.length) return
  holder.io?.to(orgIds.map(rooms.org)).emit(event, ...args)
}

/** Every signed-in host staff member's sockets. */
export function emitToStaff<E extends keyof ServerToClientEvents>(event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.staff()).emit(event, ...args)
}

/** The sockets of staff who may read outgoing mail. */
export function emitToMailReaders<E extends keyof ServerToClientEvents>(event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.mailReaders()).emit(event, ...args)
}

/** A user's open sockets follow a change of roles into or out of the mail readers' room. */
export function setMailReader(userId: string, reads: boolean) {
  const sockets = holder.io?.in(rooms.user(userId))
  if (reads) sockets?.socketsJoin(rooms.mailReaders())
  else sockets?.socketsLeave(rooms.mailReaders())
}

/** Every signed-in dealer user's sockets: only for id-only events whose refetch is scoped per dealer. */
export function emitToDealers<E extends keyof ServerToClientEvents>(event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.dealers()).emit(event, ...args)
}

/** Ends every socket of a user at once (deactivation), across processes. */
export function disconnectUser(userId: string) {
  holder.io?.in(rooms.user(userId)).disconnectSockets(true)
}

/** Ends the sockets opened under one session (sign-out). */
export function disconnectSession(sessionId: string) {
  holder.io?.in(rooms.session(sessionId)).disconnectSockets(true)
}
