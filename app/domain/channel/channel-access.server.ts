import { staffCan, type Actor, type DealerActor, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'

/** Commands check again what their route's guard checked: another caller (API, job) meets the same rule. */
export function assertDealer(actor: Actor): asserts actor is DealerActor {
  if (actor.kind !== 'dealer') throw forbidden()
}

export function assertChannelViewer(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'channel.view')) throw forbidden()
}
