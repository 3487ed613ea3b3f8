import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { exportAuditLog } from '~/domain/audit/export-audit.server'
import { AuditExportSchema, EXPORT_ROW_CAP } from '~/domain/audit/audit.validation'
import { i18nServer } from '~/i18n/i18next.server'
import { DomainError } from '~/utils/errors'
import { withoutNul } from '~/utils/list-params'
import { parseMessage } from '~/utils/validation'

/** The audit page's current filter as a .csv or .xlsx download. Each export is itself audited. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'audit.view')
  const t = await i18nServer.getFixedT(actor.locale)
  const plain = (status: number, message: string) =>
    new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
  // The page's filter as the list read it (parseListParams): a NUL character dropped, which PostgreSQL cannot take.
  const params = Object.fromEntries([...new URL(args.request.url).searchParams].map(([k, v]) => [k, withoutNul(v)]))
  const parsed = AuditExportSchema.safeParse(params)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const [key, p] = parseMessage(i.message)
      return `${i.path.join('.')}: ${t(key, p as any)}`
    })
    return plain(400, lines.join('\n'))
  }
  const { format, ...filter } = parsed.data
  try {
    const out = await exportAuditLog(actor, args.context.ip, filter, format)
    return new Response(out.body, {
      headers: {
        'Content-Type': out.contentType,
        'Content-Disposition': `attachment; filename="${out.filename}"`,
        'Cache-Control': 'no-store',
        'X-Export-Rows': String(out.rows),
      },
    })
  } catch (err) {
    if (err instanceof DomainError) return plain(err.status, t(err.messageKey, { max: EXPORT_ROW_CAP }) as string)
    throw err
  }
}
