// Client-safe: the forms of organizations, people and invitations, shared by the form and its action.
import { dealerRoles, staffRoles, supplierRoles } from '~/auth/roles'
import { mismatch, newPasswordFields, passwordsMatch } from '~/auth/password.validation'
import { supportedLocales } from '~/i18n/config'
import { isUuid } from '~/utils/uuid'
import { email, optionalText, requiredText, z } from '~/utils/validation'

export const partnerKinds = ['supplier', 'dealer'] as const
export type PartnerKind = (typeof partnerKinds)[number]


export const partnerRolesOf = { supplier: supplierRoles, dealer: dealerRoles } as const

// Not z.uuid(): that also demands RFC 9562's version and variant digits, which the other checks of an id never asked.
const uuid = () => z.string().refine(isUuid)
const personName = () => requiredText(100)
const locale = () => z.enum(supportedLocales)

export const orgCode = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .min(2)
    .max(20)
    .regex(/^[A-Z0-9][A-Z0-9-]*$/, { error: 'parties:errors.codeFormat' })

/** A new partner organization together with its first admin, who is invited by e-mail. */
export const NewPartnerSchema = z
  .object({
    code: orgCode(),
    nameEn: requiredText(200),
    nameZh: requiredText(200),
    region: optionalText(100),
    adminName: personName(),
    adminEmail: email(),
    adminLocale: locale(),
  })
  .strict()
export type NewPartnerInput = z.output<typeof NewPartnerSchema>

const inviteeFields = { name: personName(), email: email(), locale: locale() }

/** The console's page of one partner organization: its admins and its status. */
export const PartnerOrgActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('invite'), ...inviteeFields }).strict(),
  z.object({ intent: z.literal('resend'), userId: uuid() }).strict(),
  z.object({ intent: z.literal('deactivate-org') }).strict(),
  z.object({ intent: z.literal('activate-org') }).strict(),
])

const staffRoleList = () =>
  z
    .array(z.enum(staffRoles))
    .min(1, { error: 'parties:errors.rolesRequired' })
    .max(staffRoles.length)
    .transform((roles) => [...new Set(roles)])

export const StaffInviteSchema = z.object({ ...inviteeFields, roles: staffRoleList() }).strict()
export type StaffInviteInput = z.output<typeof StaffInviteSchema>

export const StaffUserActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('roles'), roles: staffRoleList() }).strict(),
  z.object({ intent: z.literal('deactivate') }).strict(),
  z.object({ intent: z.literal('reactivate') }).strict(),
  z.object({ intent: z.literal('resend') }).strict(),
])

const colleagueInviteSchemas = {
  supplier: z.object({ ...inviteeFields, role: z.enum(supplierRoles) }).strict(),
  dealer: z.object({ ...inviteeFields, role: z.enum(dealerRoles) }).strict(),
}
/** A partner admin invites a colleague with one of their own organization's roles, nothing else. */
export const colleagueInviteSchema = (kind: PartnerKind) => colleagueInviteSchemas[kind]

const statusIntents = [
  z.object({ intent: z.literal('deactivate') }).strict(),
  z.object({ intent: z.literal('reactivate') }).strict(),
  z.object({ intent: z.literal('resend') }).strict(),
] as const

const colleagueActionSchemas = {
  supplier: z.discriminatedUnion('intent', [...statusIntents, z.object({ intent: z.literal('role'), role: z.enum(supplierRoles) }).strict()]),
  dealer: z.discriminatedUnion('intent', [...statusIntents, z.object({ intent: z.literal('role'), role: z.enum(dealerRoles) }).strict()]),
}
/** A partner admin's actions on one colleague: status, and one role of their own organization's kind. */
export const colleagueActionSchema = (kind: PartnerKind) => colleagueActionSchemas[kind]

export const AcceptInvitationSchema = z.object(newPasswordFields).strict().refine(passwordsMatch, mismatch)

