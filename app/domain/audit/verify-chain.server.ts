import { verifyAuditChain } from '~/audit/record.server'
import { staffCan, type StaffActor } from '~/auth/roles'
import { forbidden } from '~/utils/errors'

export interface ChainVerificationDto {
  ok: boolean
  checked: number
  brokenAtId: number | null
  verifiedAt: string
  durationMs: number
}

// A full check reads the whole log: requests that arrive while one runs share its answer rather
// than starting another pass each.
const holder: { running?: Promise<ChainVerificationDto> } = {}

export async function verifyChainFor(actor: StaffActor): Promise<ChainVerificationDto> {
  if (!staffCan(actor, 'audit.view')) throw forbidden()
  holder.running ??= (async () => {
    const started = Date.now()
    try {
      const r = await verifyAuditChain()
      return { ok: r.ok, checked: r.checked, brokenAtId: r.brokenAtId ?? null, verifiedAt: new Date().toISOString(), durationMs: Date.now() - started }
    } finally {
      holder.running = undefined
    }
  })()
  return holder.running
}
