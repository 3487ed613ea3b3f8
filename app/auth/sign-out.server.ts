import { db } from '~db/client'
import type { AppLoadContext } from '@remix-run/node'
import { recordAudit } from '~/audit/record.server'
import { disconnectSession } from '~/realtime/publisher.server'
import { invalidateSession } from './session.server'

export async function signOut(context: Pick<AppLoadContext, 'actor' | 'sessionId' | 'ip'>) {
  if (!context.sessionId) return
  await invalidateSession(context.sessionId)
  disconnectSession(context.sessionId)
  await db().transaction((tx) =>
    recordAudit(tx, { actor: context.actor, ip: context.ip }, { action: 'auth.sign_out', entityType: 'user', entityId: context.actor?.userId }),
  )
}
