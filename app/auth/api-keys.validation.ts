// The API-key forms, shared by the pages and their actions (client-safe).
import { z } from '~/utils/validation'
import { apiScopes, expiryChoices, scopesOfOrg, type ApiScope } from './api-keys.rules'
import type { OrgKind } from './roles'

export const apiKeyCreateSchema = (orgKind: OrgKind) =>
  z.strictObject({
    intent: z.literal('create'),
    name: z.string().trim().min(1).max(80),
    scopes: z
      .array(z.enum(scopesOfOrg[orgKind] as readonly ApiScope[] as [ApiScope, ...ApiScope[]]), { error: 'apikeys:validation.scopes' })
      .min(1, { error: 'apikeys:validation.scopes' })
      .max(apiScopes.length)
      .transform((s) => [...new Set(s)]),
    expiry: z.enum(expiryChoices).default('never'),
  })

export const apiKeyRevokeSchema = z.strictObject({
  intent: z.literal('revoke'),
  keyId: z.string().trim().min(1).max(100),
})

export const apiKeyActionSchema = (orgKind: OrgKind) =>
  z.discriminatedUnion('intent', [apiKeyCreateSchema(orgKind), apiKeyRevokeSchema])

export type ApiKeyCreateInput = z.output<ReturnType<typeof apiKeyCreateSchema>>
