// What the audit log keeps of each catalog record: its business fields, never timestamps or joins.
import type { Tracking } from './catalog.rules'

export interface ProductAuditView {
  sku: string
  nameEn: string
  nameZh: string
  categoryId: string
  unit: string
  taxRate: string
  tracking: Tracking
  wholeUnits: boolean
  active: boolean
}

export function productAuditView(p: ProductAuditView): ProductAuditView {
  return { sku: p.sku, nameEn: p.nameEn, nameZh: p.nameZh, categoryId: p.categoryId, unit: p.unit, taxRate: p.taxRate, tracking: p.tracking, wholeUnits: p.wholeUnits, active: p.active }
}

export interface CategoryAuditView {
  code: string
  nameEn: string
  nameZh: string
}

export function categoryAuditView(c: CategoryAuditView): CategoryAuditView {
  return { code: c.code, nameEn: c.nameEn, nameZh: c.nameZh }
}

export interface WarehouseAuditView {
  code: string
  nameEn: string
  nameZh: string
  address: string | null
}

export function warehouseAuditView(w: WarehouseAuditView): WarehouseAuditView {
  return { code: w.code, nameEn: w.nameEn, nameZh: w.nameZh, address: w.address }
}

export function sameFields<T extends object>(a: T, b: T): boolean {
  return (Object.keys(a) as Array<keyof T>).every((k) => a[k] === b[k])
}
