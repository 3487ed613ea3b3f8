// Every job the app knows, with its handler. A handler must be safe to run again (at-least-once
// delivery after a crash): it re-reads its state and does nothing if the work is already done.
import { deliverMail, sweepMail } from '~/domain/notifications/mail.server'
import { pruneDeadSessions } from '~/auth/session.server'
import { pruneLoginAttempts } from '~/auth/sign-in.server'
import { remindChannelReports } from '~/domain/channel/channel-reminders.server'
import { raiseReorderRequisitions, recomputeAllReplenishment } from '~/domain/inventory/replenishment.server'
import { remindPriceCoverage } from '~/domain/sales/price-coverage-reminders.server'

export interface JobAttempt {
  /** No retry follows if this run fails: the handler should record the failure for good. */
  lastAttempt: boolean
}

export const jobHandlers = {
  'mail.send': (data: { mailId: string }, attempt: JobAttempt) => deliverMail(data.mailId, attempt),
  'mail.sweep': async (_data: Record<string, never>) => {
    await sweepMail()
  },
  'auth.prune': async (_data: Record<string, never>) => {
    await pruneDeadSessions()
    await pruneLoginAttempts()
  },
  'channel.remind': async (_data: Record<string, never>) => {
    await remindChannelReports()
  },
  // Safe to run again: a rule with an open reorder requisition raises no second one.
  'inventory.reorderSweep': async (_data: Record<string, never>) => {
    await raiseReorderRequisitions()
  },
  'inventory.reorderRecompute': async (_data: Record<string, never>) => {
    await recomputeAllReplenishment()
  },
  // Safe to run again: a manager already told of an ending (at this threshold) is not told twice.
  'pricing.coverageRemind': async (_data: Record<string, never>) => {
    await remindPriceCoverage()
  },
} satisfies Record<string, (data: any, attempt: JobAttempt) => Promise<void>>

/** Jobs that run on a clock (cron, UTC), whichever process's queue picks them up. */
export const jobSchedules: Partial<Record<keyof typeof jobHandlers, string>> = {
  'mail.sweep': '* * * * *',
  'auth.prune': '17 * * * *',
  // Fridays 09:00 UTC, 17:00 in Shanghai: the week's channel stock is due before the weekend.
  'channel.remind': '0 9 * * 5',
  // The check after each stock change is the trigger; the sweep catches one that failed or a position moved otherwise.
  'inventory.reorderSweep': '*/15 * * * *',
  // 02:30 in Shanghai: yesterday's shipments are in, nobody is shipping.
  'inventory.reorderRecompute': '30 18 * * *',
  // 09:00 in Shanghai, the start of the managers' day; coverage counts the host's calendar days.
  'pricing.coverageRemind': '0 1 * * *',
}

export type JobName = keyof typeof jobHandlers
export type JobData<N extends JobName> = Parameters<(typeof jobHandlers)[N]>[0]
