import { emitToDealers, emitToStaff } from '~/realtime/publisher.server'

/**
 * After a commit that changed stock (a move, a reservation, its release): staff stock pages and
 * dealer catalogs showing these products refetch through their own loaders. Ids only — what each
 * audience may see of the new numbers is decided by its loader, never by the event.
 */
export function publishStockChanged(productIds: string[]) {
  const ids = [...new Set(productIds)]
  if (ids.length === 0) return
  emitToStaff('stock:changed', { productIds: ids })
  emitToDealers('stock:changed', { productIds: ids })
}
