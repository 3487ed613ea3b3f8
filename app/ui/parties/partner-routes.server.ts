// Loaders and actions of the console's supplier and dealer pages. Both kinds share them: the kind,
// fixed by the route module, is the only difference. Route modules call these from their own
// loader/action, so nothing here reaches the browser bundle.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { dealerOverviewForStaff } from '~/domain/orders/dealer-overview.queries.server'
import { createPartnerOrganization } from '~/domain/parties/create-partner-organization.server'
import { inviteUser } from '~/domain/parties/invite-user.server'
import { getPartnerOrganization, listPartnerOrganizations, partnerSortable } from '~/domain/parties/partners.queries.server'
import { NewPartnerSchema, PartnerOrgActionSchema, type PartnerKind } from '~/domain/parties/parties.validation'
import { adminRoleOf, orgNameIn, type OrgRef } from '~/domain/parties/org-scope.server'
import { resendInvitation } from '~/domain/parties/resend-invitation.server'
import { setPartnerOrganizationStatus } from '~/domain/parties/set-organization-status.server'
import { pageTitle } from '~/ui/page-title.server'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'
import { parseListParams } from '~/utils/list-params'

const metaOf = ({ context }: { context: LoaderFunctionArgs['context'] }) => ({ ip: context.ip, origin: context.origin })
const notFound = () => new Response('Not found', { status: 404 })

export async function partnerListLoader(args: LoaderFunctionArgs, kind: PartnerKind) {
  const actor = await requireStaff(args, 'partners.view')
  const params = parseListParams(new URL(args.request.url), { sortable: partnerSortable, defaultSort: 'code' })
  const { rows, total } = await listPartnerOrganizations(actor, kind, params)
  const { q, page, pageSize, sort, dir } = params
  return { title: await pageTitle(actor, 'parties', `partners.${kind}.title`), kind, rows, total, params: { q, page, pageSize, sort, dir }, canManage: staffCan(actor, 'partners.manage') }
}

export async function newPartnerLoader(args: LoaderFunctionArgs, kind: PartnerKind) {
  const actor = await requireStaff(args, 'partners.manage')
  return { title: await pageTitle(actor, 'parties', `partners.${kind}.new`), kind, defaultLocale: actor.locale }
}

export async function newPartnerAction(args: ActionFunctionArgs, kind: PartnerKind) {
  const actor = await requireStaff(args, 'partners.manage')
  const parsed = await parseForm(args.request, NewPartnerSchema)
  if (!parsed.ok) return parsed.response
  try {
    const { orgId } = await createPartnerOrganization(actor, kind, parsed.value, metaOf(args))
    return redirectWithToast(`/console/${kind}s/${orgId}`, { key: 'parties:toast.orgCreated', params: { email: parsed.value.adminEmail } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export async function partnerDetailLoader(args: LoaderFunctionArgs, kind: PartnerKind) {
  const actor = await requireStaff(args, 'partners.view')
  const org = await getPartnerOrganization(actor, kind, args.params.orgId)
  if (!org) throw notFound()
  // A dealer's page also shows where it stands with the host, to the staff who see orders.
  const sales =
    kind === 'dealer' && staffCan(actor, 'orders.view')
      ? {
          overview: await dealerOverviewForStaff(actor, org.id),
          canEditTerms: staffCan(actor, 'pricing.manage'),
          canSeeChannel: staffCan(actor, 'channel.view'),
          locale: actor.locale,
          timeZone: actor.timeZone,
        }
      : null
  return { title: orgNameIn(org, actor.locale), kind, org, canManage: staffCan(actor, 'partners.manage'), defaultLocale: actor.locale, sales }
}

export async function partnerDetailAction(args: ActionFunctionArgs, kind: PartnerKind) {
  const actor = await requireStaff(args, 'partners.manage')
  const orgId = args.params.orgId ?? ''
  const ref: OrgRef = { kind: 'partner', partnerKind: kind, orgId }
  const parsed = await parseForm(args.request, PartnerOrgActionSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value
  const here = `/console/${kind}s/${orgId}`
  try {
    switch (input.intent) {
      case 'invite':
        await inviteUser(actor, ref, { name: input.name, email: input.email, locale: input.locale, roles: [adminRoleOf[kind]] }, metaOf(args))
        return redirectWithToast(here, { key: 'parties:toast.invited', params: { email: input.email } })
      case 'resend': {
        const { email } = await resendInvitation(actor, ref, input.userId, metaOf(args))
        return redirectWithToast(here, { key: 'parties:toast.resent', params: { email } })
      }
      case 'deactivate-org':
        await setPartnerOrganizationStatus(actor, kind, orgId, 'inactive', metaOf(args))
        return redirectWithToast(here, 'parties:toast.orgDeactivated')
      case 'activate-org':
        await setPartnerOrganizationStatus(actor, kind, orgId, 'active', metaOf(args))
        return redirectWithToast(here, 'parties:toast.orgActivated')
    }
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}
