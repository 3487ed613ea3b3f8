// What the audit log keeps of commercial records: business fields only.
export interface DealerTermsAuditView {
  priceTier: string
  creditLimit: string
  paymentTermsDays: number
  salesOwnerUserId: string | null
  currency: string
}

export function dealerTermsAuditView(t: DealerTermsAuditView): DealerTermsAuditView {
  return { priceTier: t.priceTier, creditLimit: t.creditLimit, paymentTermsDays: t.paymentTermsDays, salesOwnerUserId: t.salesOwnerUserId, currency: t.currency }
}

export interface PriceListAuditView {
  code: string
  nameEn: string
  nameZh: string
  tier: string
  currency: string
  validFrom: string
  validTo: string | null
}

export function priceListAuditView(l: PriceListAuditView): PriceListAuditView {
  return { code: l.code, nameEn: l.nameEn, nameZh: l.nameZh, tier: l.tier, currency: l.currency, validFrom: l.validFrom, validTo: l.validTo }
}
