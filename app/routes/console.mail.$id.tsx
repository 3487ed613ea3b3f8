import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { Fragment } from 'react'
import { useTranslation } from 'react-i18next'
import { recordView } from '~/audit/record.server'
import { requireStaff } from '~/auth/guards.server'
import { getMail } from '~/domain/notifications/mail.queries.server'
import { MailStatus } from '~/ui/mail-status'
import { PageHeader } from '~/ui/shell'
import { formatDateTime } from '~/utils/dates'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'mail.view')
  const mail = await getMail(actor, args.params.id ?? '')
  if (!mail) throw new Response('Not found', { status: 404 })
  // The body can hold a live sign-in or reset link: reading it here is as telling as downloading it.
  await recordView({ actor, ip: args.context.ip }, { action: 'mail.viewed', entityType: 'mail', entityId: mail.id })
  const at = (iso: string | null) => (iso ? formatDateTime(iso, actor.locale, actor.timeZone) : null)
  return { mail: { ...mail, createdAt: at(mail.createdAt)!, sentAt: at(mail.sentAt) } }
}

/**
 * Each run of the loader writes a mail.viewed row, so it runs when the page is opened (or another
 * mail), and again for a change of language (the dates are formatted on the server), but not for
 * the revalidations that follow unrelated actions elsewhere on the page (the bell, say): they
 * would log views nobody made.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentParams, nextParams, formAction, defaultShouldRevalidate }) =>
  defaultShouldRevalidate && (currentParams.id !== nextParams.id || formAction === '/settings/locale')

const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/g

/** Plain text with its web links made clickable; nothing in the text is ever read as HTML. */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_IN_TEXT).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all text-indigo-600 underline" rel="noopener noreferrer" data-testid="mail-body-link">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  )
}

export default function MailMessage() {
  const { mail } = useLoaderData<typeof loader>()
  const { t } = useTranslation('mail')
  const rows: Array<[string, React.ReactNode]> = [
    [t('message.to'), mail.to],
    [t('message.subject'), mail.subject],
    [t('message.status'), <MailStatus key="status" status={mail.status} />],
    [t('message.createdAt'), mail.createdAt],
    ...(mail.sentAt ? [[t('message.sentAt'), mail.sentAt] as [string, React.ReactNode]] : []),
    ...(mail.error ? [[t('message.error'), <span key="error" className="text-rose-700">{mail.error}</span>] as [string, React.ReactNode]] : []),
  ]
  return (
    <div data-testid="mail-message">
      <Link to="/console/mail" className="text-sm text-indigo-600 hover:underline">
        ← {t('message.back')}
      </Link>
      <PageHeader
        title={mail.subject}
        actions={
          mail.downloadable ? (
            <a href={`/console/mail/${mail.id}/download`} className="btn-secondary" data-testid="mail-download">
              {t('message.download')}
            </a>
          ) : null
        }
      />
      <div className="card p-5">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          {rows.map(([label, value]) => (
            <Fragment key={label}>
              <dt className="font-medium text-slate-500">{label}</dt>
              <dd className="break-words">{value}</dd>
            </Fragment>
          ))}
        </dl>
        <h2 className="mb-2 mt-6 text-sm font-semibold text-slate-700">{t('message.body')}</h2>
        <div className="whitespace-pre-wrap rounded-md border border-slate-100 bg-slate-50 p-4 font-mono text-sm" data-testid="mail-body">
          <LinkedText text={mail.text} />
        </div>
      </div>
    </div>
  )
}
