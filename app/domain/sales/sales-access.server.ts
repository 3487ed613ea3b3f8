import { staffCan, type Actor, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'

/** Commands check again what their route's guard checked: a second caller (API, job) gets the same rule. */
export function assertPricingManager(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'pricing.manage')) throw forbidden()
}

export function assertPricingViewer(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'pricing.view')) throw forbidden()
}
