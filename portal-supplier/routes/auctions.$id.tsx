import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useKeptActionData } from '~/ui/kept-action-data'
import { useTranslation } from 'react-i18next'
import { requireSupplier } from '~/auth/guards.server'
import { acceptTerms } from '~/domain/auction/accept-terms.server'
import type { SupplierProjection } from '~/domain/auction/auction-projection.rules'
import { auctionStateFor, auctionViewFor } from '~/domain/auction/auction.queries.server'
import { BidFormSchema } from '~/domain/auction/auction.validation'
import { bidRejectionText } from '~/domain/auction/auction-live.server'
import { placeBid } from '~/domain/auction/place-bid.server'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { DomainError } from '~/utils/errors'
import { parseForm, readFormData } from '~/utils/form.server'
import { z } from '~/utils/validation'
import { AuctionRoom, type BidResult } from '../components/auction/room'
import { supplierTerms } from '../components/auction/terms'

export const meta = titleMeta

const idSchema = z.uuid()

/**
 * The auction in the URL, as this supplier may see it; anything else (malformed, draft, not invited) is
 * a 404, and the refused attempt (`action`: what the request was for) is on record.
 */
async function supplierView(actor: Awaited<ReturnType<typeof requireSupplier>>, id: string | undefined, attempt: { ip: string | null; action?: string }): Promise<SupplierProjection> {
  if (!idSchema.safeParse(id).success) throw new Response('Not found', { status: 404 })
  try {
    const view = await auctionViewFor(actor, id!, attempt)
    if (view.viewer !== 'supplier') throw new Response('Not found', { status: 404 })
    return view
  } catch (err) {
    if (err instanceof DomainError && (err.code === 'not_found' || err.code === 'forbidden')) throw new Response('Not found', { status: 404 })
    throw err
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireSupplier(args)
  const view = await supplierView(actor, args.params.id, { ip: args.context.ip })
  // Read only after the scoped projection said this supplier may see the auction; every field
  // below is picked by name (no reserve, no participants, no other party's bids).
  const { row, state, lines } = await auctionStateFor(view.auctionId)
  return {
    title: await pageTitle(actor, 'auction', 'portal.room.pageTitle', { title: row.title }),
    auction: {
      id: row.id,
      title: row.title,
      description: row.description,
      lines: lines.map((l) => ({ position: l.position, description: l.description, quantity: l.quantity, unit: l.unit })),
    },
    terms: supplierTerms(state.settings, state.hardStopAt),
    view,
    // A fresh id per render for the plain form post: a resubmitted page is the same intent,
    // so the server answers it once (the socket path makes its own id per click).
    clientBidId: crypto.randomUUID(),
    locale: actor.locale,
    timeZone: actor.timeZone,
  }
}

const AcceptTermsFormSchema = z.object({ intent: z.literal('accept-terms') }).strict()
const BidActionSchema = BidFormSchema.extend({ intent: z.literal('bid') }).strict()

export async function action(args: ActionFunctionArgs) {
  const actor = await requireSupplier(args)
  const intent = (await readFormData(args.request.clone()))?.get('intent')
  const meta = { ip: args.context.ip }
  const view = await supplierView(actor, args.params.id, { ...meta, action: intent === 'accept-terms' ? 'auction.terms.accept' : 'auction.bid' })
  const id = view.auctionId

  if (intent === 'accept-terms') {
    const parsed = await parseForm(args.request, AcceptTermsFormSchema, { highValue: args.context })
    if (!parsed.ok) return data({ form: 'terms' as const, ...parsed.response.data }, parsed.response.init ?? { status: 400 })
    try {
      await acceptTerms(actor, id, meta)
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'terms' as const, ...reply.data }, reply.init ?? undefined)
    }
    return redirectWithToast(`/supplier/auctions/${id}`, 'auction:portal.toast.termsAccepted')
  }

  const parsed = await parseForm(args.request, BidActionSchema, { highValue: args.context })
  if (!parsed.ok) return data({ form: 'bid' as const, ...parsed.response.data }, parsed.response.init ?? { status: 400 })
  const { intent: _intent, ...input } = parsed.value
  let outcome
  try {
    outcome = await placeBid(actor, id, input, meta)
  } catch (err) {
    const reply = replyWithDomainError(err, parsed.submission)
    return data({ form: 'bid' as const, ...reply.data }, reply.init ?? undefined)
  }
  const { answer } = outcome
  if (answer.ok) {
    const result: BidResult = { ok: true, amount: answer.bid.amount, bidId: answer.bid.id }
    return data({ form: 'bid' as const, result }, { status: 201 })
  }
  const result: BidResult = {
    ok: false,
    code: answer.error.code,
    message: await bidRejectionText(actor.locale, outcome.projection.currency, answer.error),
    maxAcceptable: answer.error.maxAcceptable,
    ...(answer.error.confirmationThreshold ? { confirmationThreshold: answer.error.confirmationThreshold } : {}),
  }
  return data({ form: 'bid' as const, result }, { status: 422 })
}

export default function SupplierAuctionRoom() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useKeptActionData<typeof action>()
  const { t } = useTranslation('auction')
  const termsErrors = actionData?.form === 'terms' && 'submission' in actionData ? actionData.submission?.error?.[''] : undefined
  const bidResult = actionData?.form === 'bid' && 'result' in actionData ? actionData.result : undefined
  const bidFormErrors = actionData?.form === 'bid' && 'submission' in actionData ? actionData.submission?.error : undefined
  return (
    <div data-testid="supplier-auction-room" data-auction-id={loaderData.auction.id}>
      <Link to="/supplier/auctions" className="inline-block py-1 text-sm text-indigo-700 hover:underline">
        ← {t('portal.room.back')}
      </Link>
      <AuctionRoom
        key={loaderData.auction.id}
        auction={loaderData.auction}
        terms={loaderData.terms}
        loaderView={loaderData.view}
        clientBidId={loaderData.clientBidId}
        locale={loaderData.locale}
        timeZone={loaderData.timeZone}
        postedResult={bidResult}
        postedErrors={bidFormErrors ? Object.values(bidFormErrors).flat().filter((e): e is string => typeof e === 'string') : undefined}
        termsErrors={termsErrors ?? undefined}
      />
    </div>
  )
}
