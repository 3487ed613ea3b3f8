import type { Server } from 'socket.io'
import type { ApiScope } from '~/auth/api-keys.rules'
import { staffRolesGrant } from '~/auth/roles'
import type { ClientToServerEvents, RoomPermission, ServerToClientEvents } from './events'
import { permissionRooms, rooms } from './events'

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

/**
 * The read scope an API key needs to hear an organization event: a key made to place orders only, say,
 * is not told of every order and terms change. An event not listed here reaches no key.
 */
const keyScopeOfOrgEvent: Partial<Record<keyof ServerToClientEvents, ApiScope>> = {
  'order:changed': 'orders:read',
  'dealer:termsChanged': 'orders:read',
  'prices:changed': 'orders:read',
  'auction:listChanged': 'auctions:read',
  'auction:standingChanged': 'auctions:read',
}

/** An organization's rooms for one event: its people's sockets, and its keys' sockets whose scope covers the event. */
function orgRooms(orgId: string, event: keyof ServerToClientEvents): string[] {
  const scope = keyScopeOfOrgEvent[event]
  return scope ? [rooms.org(orgId), rooms.orgKeys(orgId, scope)] : [rooms.org(orgId)]
}

export function emitToOrg<E extends keyof ServerToClientEvents>(orgId: string, event: E, ...args: EventArgs<E>) {
  holder.io?.to(orgRooms(orgId, event)).emit(event, ...args)
}

/**
 * Several organizations' sockets with one emit: socket.io sends it once to each socket in any of
 * the rooms (a socket in two of them gets it once), and the adapter carries it to other processes once.
 */
export function emitToOrgs<E extends keyof ServerToClientEvents>(orgIds: readonly string[], event: E, ...args: EventArgs<E>) {
  if (!orgIds.length) return
  holder.io?.to(orgIds.flatMap((id) => orgRooms(id, event))).emit(event, ...args)
}

/** Every signed-in host staff member's sockets. */
export function emitToStaff<E extends keyof ServerToClientEvents>(event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.staff()).emit(event, ...args)
}

/** The sockets of the staff whose roles hold this permission (see permissionRooms). */
export function emitToPermission<E extends keyof ServerToClientEvents>(permission: RoomPermission, event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.permission(permission)).emit(event, ...args)
}

/** The permission rooms a staff member's roles open (at connection). */
export function permissionRoomsOf(roles: Iterable<string>): string[] {
  const held = [...roles]
  return permissionRooms.filter((p) => staffRolesGrant(held, p)).map(rooms.permission)
}

/** Every signed-in dealer user's sockets: only for id-only events whose refetch is scoped per dealer. */
export function emitToDealers<E extends keyof ServerToClientEvents>(event: E, ...args: EventArgs<E>) {
  holder.io?.to(rooms.dealers()).emit(event, ...args)
}

/** Ends every socket of a user at once (deactivation), across processes. */
export function disconnectUser(userId: string) {
  holder.io?.in(rooms.user(userId)).disconnectSockets(true)
}

/**
 * Ends, on every process, each socket acting with these people's rights: their own and their API keys'
 * (a key acts with its maker's roles and status). A socket keeps the actor of its handshake, and what it
 * was let into (an auction's buyer view, a permission's room) was judged by that actor's roles; moving
 * rooms would not re-judge the rest. The browser connects again at once (client.tsx) and its handshake
 * loads the rights as they are now; a key's client reconnects as any API client does.
 */
export function disconnectActingFor(userIds: readonly string[]) {
  if (!userIds.length) return
  holder.io?.in(userIds.flatMap((id) => [rooms.user(id), rooms.keysOf(id)])).disconnectSockets(true)
}

/** Ends the sockets opened under one session (sign-out). */
export function disconnectSession(sessionId: string) {
  holder.io?.in(rooms.session(sessionId)).disconnectSockets(true)
}
