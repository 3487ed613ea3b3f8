import { useTranslation } from 'react-i18next'

const tone: Record<string, string> = {
  queued: 'bg-slate-100 text-slate-700',
  sending: 'bg-amber-50 text-amber-800',
  sent: 'bg-emerald-50 text-emerald-800',
  written: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-rose-50 text-rose-800',
}

/** The delivery state of an outgoing message, as a labelled badge. */
export function MailStatus({ status }: { status: string }) {
  const { t } = useTranslation('mail')
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone[status] ?? tone.queued}`} data-testid="mail-status" data-status={status}>
      {t(`status.${status}`, { defaultValue: status })}
    </span>
  )
}
