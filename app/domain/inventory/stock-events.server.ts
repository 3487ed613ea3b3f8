import { emitToDealers, emitToStaff } from '~/realtime/publisher.server'
import { raiseReorderRequisitions } from './replenishment.server'

/**
 * After a commit that changed stock (a move, a reservation, its release): staff stock pages and
 * dealer catalogs showing these products refetch through their own loaders. Ids only — what each
 * audience may see of the new numbers is decided by its loader, never by the event.
 *
 * The stock position moved too, so the products' reorder points are checked: the promise settles
 * once any requisition that calls for is raised (it never rejects; see raiseReorderRequisitions).
 * Every caller returns it from its afterCommit callback, so a command answers after the check.
 */
export function publishStockChanged(productIds: string[]): Promise<void> {
  const ids = [...new Set(productIds)]
  if (ids.length === 0) return Promise.resolve()
  emitToStaff('stock:changed', { productIds: ids })
  emitToDealers('stock:changed', { productIds: ids })
  return raiseReorderRequisitions(ids).then(() => {})
}
