// The result and the log of one auction as a PDF (in the reader's language, the other beneath it;
// amounts as money, times in the reader's zone to the second, reasons in words) and as CSV
// (machine-readable: ISO UTC times, plain decimals, full hashes, codes not labels, one column per fact).
import type { Actor } from '~/auth/roles'
import { guardCell } from '~/domain/catalog/catalog-import.rules'
import { dateStamp } from '~/utils/dates'
import { i18nServer } from '~/i18n/i18next.server'
import { AuctionResultsPdf, type AuctionResultsPdfLabels } from '~/pdf/auction-results'
import { renderPdf } from '~/pdf/render.server'
import { formatDateTime, formatDateTimeSeconds, timeZoneName } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { formatPercent } from '~/utils/percent'
import { writeSpreadsheet } from '~/utils/spreadsheet.server'
import { auctionDetail } from './auction-console.queries.server'
import { LOG_CSV_DETAIL_COLUMNS, logDetailCsv, logDetailText } from './auction-log.rules'
import { savings } from './auction.rules'
import { figureText, lastPurchaseSavings, savingsFigure } from './savings-text'
import { softCloseText } from './auction-terms-text'
import { verifyAuction } from './verify-auction.server'
import { formatList, inParens, withColon } from '~/utils/intl'

/**
 * A negative saving ("-150.00", the bid above the last purchase price) is a number, not a formula:
 * guarded as one ("'-150.00") it would no longer read as a number. Anything else with a leading
 * minus (a name, a reason) is still guarded.
 */
const csvCell = (v: string) => (/^-\d+(\.\d+)?$/.test(v) ? v : guardCell(v))

const stamp = (id: string, actor: Actor) => `auction-${id.slice(0, 8)}-${dateStamp(actor.timeZone)}`

export async function renderAuctionResultsPdf(actor: Actor, auctionId: string): Promise<{ body: Buffer; fileName: string }> {
  const d = await auctionDetail(actor, auctionId)
  const other = actor.locale === 'en' ? 'zh-CN' : 'en'
  const [t, u, report] = await Promise.all([
    i18nServer.getFixedT(actor.locale, 'auction'),
    i18nServer.getFixedT(other, 'auction'),
    verifyAuction(d.id),
  ])
  // Bilingual's "zh" slot is the first (bold) line: the reader's language goes there.
  const both = (key: string) => ({ zh: t(key), en: u(key) })
  const money = (a: string) => formatMoney(a, d.view.currency, actor.locale)
  const when = (iso: string) => formatDateTimeSeconds(iso, actor.locale, actor.timeZone)
  const v = d.view
  const labels: AuctionResultsPdfLabels = {
    title: both('console.pdf.title'),
    summary: both('console.pdf.summary'),
    ranking: both('console.results.ranking'),
    log: both('console.log.title'),
    rank: both('console.live.rank'),
    supplier: both('console.live.supplier'),
    amount: both('console.live.amount'),
    vsCeiling: both('console.results.vsCeiling'),
    time: both('console.live.time'),
    seq: both('console.log.seq'),
    actor: both('console.log.actor'),
    event: both('console.log.event'),
    detail: both('console.log.detail'),
    hash: both('console.log.hash'),
    noBids: t('console.live.noBids'),
  }
  const awarded = v.awardedOrgId ? v.ladder.find((r) => r.orgId === v.awardedOrgId) : null
  const lastPurchaseRow = () => {
    const { label, figure } = lastPurchaseSavings(t, v.savingsVsLastPurchase ?? null, v.currency, actor.locale)
    return { label, value: figureText(figure, actor.locale) }
  }
  // A proposal waiting for its second person is no award yet: the page says to whom it is proposed and
  // by whom, and so does the printout ("Awarded —" read as if nothing had been decided at all).
  const awardText = () => {
    const because = (why: string | null) => (why ? ` · ${why}` : '')
    if (awarded) return `${awarded.orgName} · ${money(awarded.amount)}${because(d.awardJustification)}`
    const p = d.awardProposal
    if (!p) return t('console.results.notAwarded')
    const summary = t('console.results.proposalSummary', { name: p.proposedByName, supplier: p.orgName, rank: p.rank ?? '—', amount: p.amount ? money(p.amount) : '—', at: when(p.proposedAt) })
    return `${withColon(t('console.results.awaitingConfirmation'), actor.locale)}${summary}${because(p.justification)}`
  }
  const summary = [
    { label: t('console.live.status'), value: t(`status.${v.status}`) },
    { label: t('console.form.startsAt'), value: when(d.settings.startsAt) },
    { label: t('console.form.endsAt'), value: `${when(v.endsAt)}${inParens(`${withColon(t('console.live.extensions'), actor.locale)}${v.extensions}`, actor.locale)}` },
    ...(v.endsAt !== d.settings.endsAt ? [{ label: t('console.summary.scheduledEnd'), value: when(d.settings.endsAt) }] : []),
    { label: t('console.form.hardStopAt'), value: when(v.hardStopAt) },
    { label: t('console.summary.softClose'), value: softCloseText(t, d.settings.softClose) },
    { label: t('console.form.ceiling'), value: money(v.ceiling) },
    { label: t('console.results.best'), value: v.bestPrice ? money(v.bestPrice) : '—' },
    { label: t('console.results.savings'), value: figureText(v.savingsVsCeiling && savingsFigure(v.savingsVsCeiling, v.currency, actor.locale), actor.locale) },
    ...(v.lastPurchasePrice ? [{ label: t('console.form.lastPurchasePrice'), value: money(v.lastPurchasePrice) }, lastPurchaseRow()] : []),
    { label: t('console.live.reserveLabel'), value: t(`reserveStatus.${v.reserveStatus}`) },
    { label: t('console.results.bidders'), value: t('console.live.bidders', { count: v.bidders, min: v.minParticipants }) },
    { label: t('console.results.award'), value: awardText() },
    { label: t('console.results.verifyTitle'), value: report.ok ? t('verify.ok') : t('console.results.verifyFailed') },
  ]
  const ranking = v.ladder.map((r) => {
    const s = savings(v.ceiling, r.amount)
    return { rank: String(r.rank), supplier: r.orgName ?? r.orgId, amount: money(r.amount), vsCeiling: s ? formatPercent(s.percent, actor.locale) : '', time: when(r.at), awarded: r.orgId === v.awardedOrgId }
  })
  const format = { t: (k: string, p?: Record<string, string | number>) => t(k, p), money, when, list: (items: string[]) => formatList(items, actor.locale) }
  const log = d.log.map((r) => ({
    seq: String(r.seq),
    time: when(r.at),
    actor: r.actor === 'system' ? t('console.log.system') : r.actor,
    event: t(`event.${r.type}`),
    detail: logDetailText(r.detail, format),
    hash: r.hash,
  }))
  const generatedAt = `${withColon(t('console.pdf.generatedAt'), actor.locale)}${formatDateTime(new Date(), actor.locale, actor.timeZone)}${inParens(timeZoneName(actor.timeZone, actor.locale), actor.locale)}`
  const body = await renderPdf(
    <AuctionResultsPdf
      org={actor.org}
      generatedAt={generatedAt}
      labels={labels}
      auctionTitle={d.title}
      summary={summary}
      ranking={ranking}
      log={log}
      awardedMark={t('console.results.awarded')}
      footer={`${d.title} · ${d.id}`}
    />,
  )
  return { body, fileName: `${stamp(d.id, actor)}-results.pdf` }
}

export type AuctionCsvPart = 'log' | 'result'

export async function auctionCsv(actor: Actor, auctionId: string, part: AuctionCsvPart): Promise<{ body: Buffer; fileName: string }> {
  const d = await auctionDetail(actor, auctionId)
  const v = d.view
  const grid =
    part === 'log'
      ? [
          ['seq', 'at_utc', 'actor', 'event_type', 'currency', ...LOG_CSV_DETAIL_COLUMNS, 'hash_sha256'],
          ...d.log.map((r) => [String(r.seq), r.at, r.actor, r.type, v.currency, ...logDetailCsv(r.detail), r.hash]),
        ]
      : [
          // The last purchase price's columns come last, so a reader of the older columns by position is unaffected; empty without one, negative when the bid is above it.
          ['rank', 'supplier', 'amount', 'currency', 'savings_vs_ceiling', 'savings_percent', 'bid_at_utc', 'surrogate', 'awarded', 'last_purchase_price', 'savings_vs_last_purchase', 'savings_vs_last_purchase_percent'],
          ...v.ladder.map((r) => {
            const s = savings(v.ceiling, r.amount)
            const l = v.lastPurchasePrice ? savings(v.lastPurchasePrice, r.amount) : null
            return [
              String(r.rank),
              r.orgName ?? r.orgId,
              r.amount,
              v.currency,
              s?.amount ?? '',
              s?.percent ?? '',
              r.at,
              r.surrogate ? 'yes' : 'no',
              r.orgId === v.awardedOrgId ? 'yes' : 'no',
              v.lastPurchasePrice ?? '',
              l?.amount ?? '',
              l?.percent ?? '',
            ]
          }),
        ]
  const body = await writeSpreadsheet('csv', grid, { sheetName: part, csvCell })
  return { body, fileName: `${stamp(d.id, actor)}-${part}.csv` }
}
