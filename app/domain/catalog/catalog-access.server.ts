import { staffCan, type Actor, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'

/** Commands check again what their route's guard checked: a second caller (API, job) gets the same rule. */
export function assertCatalogManager(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'catalog.manage')) throw forbidden()
}

export function assertCatalogViewer(actor: Actor): asserts actor is StaffActor {
  if (!staffCan(actor, 'catalog.view')) throw forbidden()
}
