// Loaders and actions of a partner admin's colleague pages, the same in the supplier and dealer
// portals. The organization is always the admin's own; another organization's person is not found.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { requireDealer, requireSupplier } from '~/auth/guards.server'
import type { PartnerActor } from '~/auth/roles'
import { inviteUser } from '~/domain/parties/invite-user.server'
import { adminRoleOf } from '~/domain/parties/org-scope.server'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { changeUserRoles } from '~/domain/parties/change-user-roles.server'
import { colleagueActionSchema, colleagueInviteSchema, type PartnerKind } from '~/domain/parties/parties.validation'
import { getOwnPerson, listOwnPeople, peopleSortable } from '~/domain/parties/people.queries.server'
import { resendInvitation } from '~/domain/parties/resend-invitation.server'
import { deactivateUser, reactivateUser } from '~/domain/parties/set-user-status.server'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'
import { parseListParams } from '~/utils/list-params'

type Args = LoaderFunctionArgs | ActionFunctionArgs

/** Partner admins only: a plain partner user gets the 403 page (and an audit row). */
const requireAdmin = (args: Args, kind: PartnerKind): Promise<PartnerActor> =>
  kind === 'supplier' ? requireSupplier(args, { admin: 'colleagues' }) : requireDealer(args, { admin: 'colleagues' })

const metaOf = (args: Args) => ({ ip: args.context.ip, origin: args.context.origin })

export async function colleagueListLoader(args: LoaderFunctionArgs, kind: PartnerKind) {
  const actor = await requireAdmin(args, kind)
  const params = parseListParams(new URL(args.request.url), { sortable: peopleSortable, defaultSort: 'name' })
  const { rows, total } = await listOwnPeople(actor, params)
  const { q, page, pageSize, sort, dir } = params
  return { kind, rows, total, params: { q, page, pageSize, sort, dir }, orgName: localizedName(actor.org, actor.locale) }
}

export async function newColleagueLoader(args: LoaderFunctionArgs, kind: PartnerKind) {
  const actor = await requireAdmin(args, kind)
  return { kind, defaultLocale: actor.locale }
}

export async function newColleagueAction(args: ActionFunctionArgs, kind: PartnerKind) {
  const actor = await requireAdmin(args, kind)
  const parsed = await parseForm(args.request, colleagueInviteSchema(kind))
  if (!parsed.ok) return parsed.response
  const { role, ...invitee } = parsed.value
  try {
    // Sent or withheld (an address of another organization: inviteUser), the answer is the same,
    // down to where it leads: the list of colleagues.
    await inviteUser(actor, { kind: 'own' }, { ...invitee, roles: [role] }, metaOf(args))
    return redirectWithToast(`/${kind}/users`, { key: 'parties:toast.invited', params: { email: invitee.email } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export async function colleagueLoader(args: LoaderFunctionArgs, kind: PartnerKind) {
  const actor = await requireAdmin(args, kind)
  const person = await getOwnPerson(actor, args.params.id, { ip: args.context.ip })
  if (!person) throw new Response('Not found', { status: 404 })
  return { kind, person, isSelf: person.id === actor.userId }
}

export async function colleagueAction(args: ActionFunctionArgs, kind: PartnerKind) {
  const actor = await requireAdmin(args, kind)
  const userId = args.params.id ?? ''
  const parsed = await parseForm(args.request, colleagueActionSchema(kind))
  if (!parsed.ok) return parsed.response
  const here = `/${kind}/users/${userId}`
  const input = parsed.value
  try {
    switch (input.intent) {
      case 'role': {
        const { name, roles, changed } = await changeUserRoles(actor, { kind: 'own' }, userId, [input.role], metaOf(args))
        // An admin who stepped down may no longer open this page: their portal's home it is.
        const stillAdmin = userId !== actor.userId || roles.includes(adminRoleOf[kind])
        return redirectWithToast(stillAdmin ? here : `/${kind}`, { key: changed ? 'parties:toast.roleSaved' : 'parties:toast.roleUnchanged', params: { name, role: input.role } })
      }
      case 'deactivate': {
        const { name } = await deactivateUser(actor, { kind: 'own' }, userId, metaOf(args))
        return redirectWithToast(here, { key: 'parties:toast.deactivated', params: { name } })
      }
      case 'reactivate': {
        const { name } = await reactivateUser(actor, { kind: 'own' }, userId, metaOf(args))
        return redirectWithToast(here, { key: 'parties:toast.reactivated', params: { name } })
      }
      case 'resend': {
        const { email } = await resendInvitation(actor, { kind: 'own' }, userId, metaOf(args))
        return redirectWithToast(here, { key: 'parties:toast.resent', params: { email } })
      }
    }
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}
