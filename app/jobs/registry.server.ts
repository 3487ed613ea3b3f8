// Every job the app knows, with its handler. A handler must be safe to run again (at-least-once
// delivery after a crash): it re-reads its state and does nothing if the work is already done.
import { deliverMail } from '~/domain/notifications/mail.server'

export const jobHandlers = {
  'mail.send': (data: { mailId: string }) => deliverMail(data.mailId),
} satisfies Record<string, (data: any) => Promise<void>>

export type JobName = keyof typeof jobHandlers
export type JobData<N extends JobName> = Parameters<(typeof jobHandlers)[N]>[0]
