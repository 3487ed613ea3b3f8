import { staffCan, type Actor, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'

/** Commands check again what their route's guard checked: a second caller (API, job) gets the same rule. */
export function assertInventoryManager(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'inventory.manage')) throw forbidden()
}

export function assertInventoryViewer(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'inventory.view')) throw forbidden()
}
