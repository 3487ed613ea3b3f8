import { eq, sql } from 'drizzle-orm'
import { rawRows } from '~db/client'
import { organizations, users } from '~db/schema'
import { transact } from '~db/transaction'
import { recordAudit } from '~/audit/record.server'
import { queueMail } from '~/domain/notifications/mail.server'
import { renderMail } from '~/domain/notifications/mail-templates.server'
import { issueToken, revokeTokens } from './tokens.server'

export const RESET_THROTTLE = {
  windowMinutes: 60,
  /** reset mails per account: enough for a lost message or two, too few to flood an inbox */
  perAccount: 5,
  /** requests per address, whatever the e-mail: stops one client from probing or mailing many accounts */
  perIp: 20,
}

export const RESET_REQUESTED = 'auth.password_reset_requested'

/** Serializes reset requests so each one's counts include every request before it. */
const RESET_REQUEST_LOCK = 727_010

export interface ResetRequestMeta {
  ip: string
  /** Our public origin, for the link in the e-mail. */
  origin: string
}

/**
 * Mails a single-use link to an active account. The caller answers the same whether or not the
 * account exists and whether or not its own limit was reached; only the per-address limit, which
 * says nothing about any account, is reported back.
 */
export async function requestPasswordReset(input: { email: string }, meta: ResetRequestMeta): Promise<{ throttled: boolean }> {
  const email = input.email.trim().toLowerCase()
  return transact(async (ctx) => {
    const { tx } = ctx
    await tx.execute(sql`select pg_advisory_xact_lock(${RESET_REQUEST_LOCK})`)
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, status: users.status, orgStatus: organizations.status })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(users.email, email))
    const audit = (outcome: 'ok' | 'denied', mailed: boolean) =>
      recordAudit(tx, { ip: meta.ip }, { action: RESET_REQUESTED, entityType: 'user', entityId: user?.id ?? null, after: { mailed }, outcome })

    const [{ byIp }] = await rawRows<{ byIp: number }>(
      tx,
      sql`select count(*)::int as "byIp" from audit_log
          where action = ${RESET_REQUESTED} and ip = ${meta.ip}
            and at > now() - make_interval(mins => ${RESET_THROTTLE.windowMinutes})`,
    )
    if (byIp >= RESET_THROTTLE.perIp) {
      await audit('denied', false)
      return { throttled: true }
    }

    if (!user || user.status !== 'active' || user.orgStatus !== 'active') {
      await audit('ok', false)
      return { throttled: false }
    }

    // Every link issued counts, including ones a later request revoked: each was an e-mail sent.
    const [{ byAccount }] = await rawRows<{ byAccount: number }>(
      tx,
      sql`select count(*)::int as "byAccount" from auth_tokens
          where user_id = ${user.id} and purpose = 'reset'
            and created_at > now() - make_interval(mins => ${RESET_THROTTLE.windowMinutes})`,
    )
    if (byAccount >= RESET_THROTTLE.perAccount) {
      await audit('denied', false)
      return { throttled: false }
    }

    await revokeTokens(tx, user.id, 'reset')
    const token = await issueToken(tx, user.id, 'reset')
    const mail = await renderMail(user.locale, 'reset', user.email, { name: user.name, link: `${meta.origin}/reset-password/${token}` })
    await queueMail(ctx, mail)
    await audit('ok', true)
    return { throttled: false }
  })
}
