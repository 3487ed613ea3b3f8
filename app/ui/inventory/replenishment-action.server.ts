import type { ActionFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import type { StaffActor } from '~/auth/roles'
import { recomputeProductReplenishment, saveReplenishmentRule } from '~/domain/inventory/replenishment.server'
import { RecomputeSchema, ReplenishmentSchema, type ReplenishmentInput } from '~/domain/inventory/replenishment.validation'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export const REPLENISHMENT_INTENTS = ['replenishment', 'recompute'] as const
export type ReplenishmentIntent = (typeof REPLENISHMENT_INTENTS)[number]
export const isReplenishmentIntent = (intent: unknown): intent is ReplenishmentIntent => (REPLENISHMENT_INTENTS as readonly unknown[]).includes(intent)

/**
 * A product's reorder settings for one warehouse, or "recompute from usage", from its stock page
 * (`here`). The caller's guard checked the permission (the buyers'); the commands check it again.
 * A refusal answers under `form`, and a refused settings form's answer names its warehouse.
 */
export async function replenishmentAction(args: ActionFunctionArgs, actor: StaffActor, intent: ReplenishmentIntent, productId: string, here: string) {
  const meta = { ip: args.context.ip }
  if (intent === 'recompute') {
    const parsed = await parseForm(args.request, RecomputeSchema)
    if (!parsed.ok) return data({ form: 'recompute' as const, ...parsed.response.data }, { status: 400 })
    try {
      const r = await recomputeProductReplenishment(actor, productId, meta)
      return redirectWithToast(here, { key: 'replenishment:toast.recomputed', params: { sku: r.rules[0].sku } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'recompute' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  const parsed = await parseForm(args.request, ReplenishmentSchema)
  if (!parsed.ok) return data({ form: 'replenishment' as const, ...parsed.response.data }, { status: 400 })
  const { intent: _i, ...input } = parsed.value
  try {
    const r = await saveReplenishmentRule(actor, productId, input as ReplenishmentInput, meta)
    const raised = r.raised[0]
    return raised
      ? redirectWithToast(here, { key: 'replenishment:toast.savedRaised', params: { sku: raised.sku, warehouse: raised.warehouse, number: raised.number } })
      : redirectWithToast(here, { key: 'replenishment:toast.saved', params: { sku: r.sku, warehouse: r.warehouse } })
  } catch (err) {
    const reply = replyWithDomainError(err, parsed.submission)
    return data({ form: 'replenishment' as const, ...reply.data }, reply.init ?? undefined)
  }
}
