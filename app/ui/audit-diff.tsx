import { useTranslation } from 'react-i18next'
import { diffAuditValues, readAuditValue, type DiffEntry, type JsonValue, type ValueWords } from '~/domain/audit/audit-diff.rules'
import { formatList, inParens } from '~/utils/intl'

/** Entities whose rows record an order's status: an order's own, and a shipment's delivery (the order's status after it). */
const orderStatusEntities = new Set(['sales_order', 'shipment'])

/**
 * Values the generic reading would leave as codes: an order's status, who acted (the `by` of an
 * approval or a delivery: staff, the dealer, the automatic credit check), and what a throttled
 * sign-in hit (its `throttledBy`: the account's or the address's allowance). null: the generic reading.
 */
function useValueWords(entityType: string | undefined) {
  const { t, i18n } = useTranslation('audit')
  return (path: string, value: JsonValue): string | null => {
    if (path === 'throttledBy' && Array.isArray(value) && value.length && value.every((v) => typeof v === 'string'))
      return formatList(value.map((v) => t(`diff.throttledBy.${v}`, { defaultValue: v })), i18n.language)
    if (typeof value !== 'string') return null
    if (path === 'status' && entityType && orderStatusEntities.has(entityType)) return t(`orders:status.${value}`, { defaultValue: value })
    if (path === 'by') return i18n.exists(`audit:actorKinds.${value}`) ? t(`actorKinds.${value}`) : value === 'credit_check' ? t('diff.byCreditCheck') : null
    return null
  }
}

/** A recorded key in the reader's words, each part of a dotted path on its own ("Credit check › Credit limit"); one without a name yet as recorded. */
export function useAuditFieldLabel() {
  const { t, i18n } = useTranslation('audit')
  const part = (key: string) => (i18n.exists(`audit:fields.${key}`) ? t(`fields.${key}`) : key)
  return (path: string) => (path ? path.split('.').map(part).join(' › ') : t('diff.value'))
}

/**
 * An audit row's before and after, one line per key: the audit log's details and an order's audit
 * trail read the same. `recordedKeys` shows each key as recorded under its name too (the audit log,
 * where one searches and exports by it); without it a reader sees their own language only.
 */
export function AuditDiff({
  before,
  after,
  entityType,
  caption,
  recordedKeys = false,
  names,
}: {
  before: unknown
  after: unknown
  /** The row's entity type: an order's status reads as the order pages name it. */
  entityType?: string
  caption: string
  recordedKeys?: boolean
  /** Ids the page knows by name, shown by it: an order's products and warehouse. */
  names?: Record<string, string>
}) {
  const { t, i18n } = useTranslation('audit')
  const label = useAuditFieldLabel()
  const valueWords = useValueWords(entityType)
  const entries = diffAuditValues(before as JsonValue, after as JsonValue)
  if (!entries.length) return null
  const words: ValueWords = { label: (key) => label(key), yes: t('diff.yes'), no: t('diff.no'), none: t('diff.nothing'), locale: i18n.language, names }
  // A creation has no before: its column would be a dash on every line, in the width a phone lacks.
  const withBefore = entries.some((e) => e.kind !== 'added')
  const read = (path: string, value: JsonValue | undefined) => {
    const own = value === undefined ? null : valueWords(path, value)
    return own === null ? readAuditValue(value, words) : [own]
  }
  return (
    <table className="w-full table-fixed text-xs" data-testid="audit-diff">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-left text-slate-500">
        <tr>
          <th scope="col" className="w-1/3 py-1 pr-2">
            {t('diff.key')}
          </th>
          {withBefore ? (
            <th scope="col" className="py-1 pr-2">
              {t('diff.before')}
            </th>
          ) : null}
          <th scope="col" className="py-1">
            {t('diff.after')}
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <DiffRow key={e.path} entry={e} label={label(e.path)} recordedKey={recordedKeys} withBefore={withBefore} read={read} />
        ))}
      </tbody>
    </table>
  )
}

const kindStyle: Record<DiffEntry['kind'], string> = {
  added: 'bg-emerald-50',
  removed: 'bg-rose-50',
  changed: 'bg-amber-50',
  unchanged: '',
}

function DiffRow({
  entry,
  label,
  recordedKey,
  withBefore,
  read,
}: {
  entry: DiffEntry
  label: string
  recordedKey: boolean
  withBefore: boolean
  read: (path: string, value: JsonValue | undefined) => string[]
}) {
  const { t, i18n } = useTranslation('audit')
  const highlighted = entry.kind !== 'unchanged'
  const value = (v: JsonValue | undefined) => <Lines lines={read(entry.path, v)} />
  return (
    <tr className={`align-top ${kindStyle[entry.kind]}`} data-testid="diff-row" data-kind={entry.kind} data-path={entry.path}>
      <th scope="row" className={`break-words py-1 pr-2 text-left ${highlighted ? 'font-semibold' : 'font-normal text-slate-500'}`}>
        {label}
        {highlighted ? <span className="text-[10px] font-normal uppercase text-slate-500">{inParens(t(`diff.kinds.${entry.kind}`), i18n.language)}</span> : null}
        {recordedKey && entry.path ? <span className="block break-all font-mono font-normal text-slate-500">{entry.path}</span> : null}
      </th>
      {withBefore ? <td className="break-words py-1 pr-2">{entry.kind === 'added' ? '—' : highlighted ? <del>{value(entry.before)}</del> : value(entry.before)}</td> : null}
      <td className="break-words py-1">{entry.kind === 'removed' ? '—' : highlighted ? <ins className="no-underline">{value(entry.after)}</ins> : value(entry.after)}</td>
    </tr>
  )
}

/** One line, or a list of records one under the other (an order's lines). */
function Lines({ lines }: { lines: string[] }) {
  if (lines.length === 1) return <>{lines[0]}</>
  return (
    <ul className="space-y-0.5">
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  )
}
