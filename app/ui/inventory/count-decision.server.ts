import type { ActionFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import type { StaffActor } from '~/auth/roles'
import { approveCount, rejectCount } from '~/domain/inventory/decide-count.server'
import { ApproveCountSchema, RejectCountSchema } from '~/domain/inventory/count.validation'
import { formatSignedQuantity } from '~/domain/inventory/stock.rules'
import { redirectWithToast } from '~/ui/toast.server'
import { DomainError } from '~/utils/errors'
import { parseForm } from '~/utils/form.server'

export const COUNT_DECISION_INTENTS = ['approveCount', 'rejectCount'] as const
export const isCountDecision = (intent: unknown): intent is (typeof COUNT_DECISION_INTENTS)[number] => (COUNT_DECISION_INTENTS as readonly unknown[]).includes(intent)

/**
 * Approve or reject a held count, from the counts list or a product's stock page (`here`, where the answer goes back to).
 * The forms carry the session's action token: an approval changes the books. A refusal (the counter's own count, a stale
 * or decided one) comes back with its status and message for the dialog; an unknown count is a 404.
 */
export async function countDecisionAction(args: ActionFunctionArgs, actor: StaffActor, intent: (typeof COUNT_DECISION_INTENTS)[number], here: string) {
  const meta = { ip: args.context.ip }
  const parsed = await parseForm(args.request, intent === 'approveCount' ? ApproveCountSchema : RejectCountSchema, { highValue: args.context })
  if (!parsed.ok) return parsed.response
  const v = parsed.value as { countId: string; reason?: string }
  try {
    if (intent === 'approveCount') {
      const r = await approveCount(actor, v.countId, meta)
      return redirectWithToast(here, { key: 'inventory:toast.countApproved', params: { sku: r.sku, difference: formatSignedQuantity(r.difference, actor.locale) } })
    }
    const r = await rejectCount(actor, v.countId, { reason: v.reason ?? '' }, meta)
    return redirectWithToast(here, { key: 'inventory:toast.countRejected', params: { sku: r.sku } })
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    if (err.code === 'not_found') throw new Response('Not found', { status: 404 })
    // The dialog has no counted quantity to put a message on: every refusal is the form's own.
    const reply = parsed.submission.reply({ formErrors: [err.messageKey] })
    return data({ submission: reply }, { status: err.status })
  }
}
