import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { recordDownload } from '~/audit/record.server'
import type { StaffActor } from '~/auth/roles'
import { i18nServer } from '~/i18n/i18next.server'
import { DomainError } from '~/utils/errors'
import { guardCell } from '~/domain/catalog/catalog-import.rules'
import { auditRowBatches, countAuditRows, latestAuditId, type AuditRowDto } from './audit.queries.server'
import { EXPORT_ROW_CAP, type AuditFilter, type ExportFormat } from './audit.validation'

const columns = ['id', 'at', 'actorEmail', 'actorName', 'actorKind', 'action', 'entityType', 'entityId', 'outcome', 'ip', 'before', 'after', 'hash'] as const

function cells(r: AuditRowDto): (string | number)[] {
  return [
    r.id,
    r.at,
    r.actor?.email ?? '',
    r.actor?.name ?? '',
    r.actorKind,
    r.action,
    r.entityType,
    r.entityId ?? '',
    r.outcome,
    r.ip ?? '',
    r.before === null ? '' : JSON.stringify(r.before),
    r.after === null ? '' : JSON.stringify(r.after),
    r.hash,
  ]
}

// Names and entity ids are typed by other parties: a cell that a spreadsheet would run as a formula
// gets the exports' one guard (guardCell).
export function csvField(v: string | number): string {
  if (typeof v === 'number') return String(v)
  const s = guardCell(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const csvLine = (values: (string | number)[]) => `${values.map(csvField).join(',')}\r\n`

export interface AuditExport {
  filename: string
  contentType: string
  rows: number
  body: ReadableStream<Uint8Array>
}

/**
 * Exports the rows matching the filter as they stand when the request starts. Reading the log is
 * itself recorded: the export's own audit row is written first (so a failed download still leaves
 * a trace) and is not part of the file.
 */
export async function exportAuditLog(actor: StaffActor, ip: string | null, filter: AuditFilter, format: ExportFormat): Promise<AuditExport> {
  const upToId = await latestAuditId()
  const rows = await countAuditRows(actor, filter, upToId)
  if (rows > EXPORT_ROW_CAP) throw new DomainError('unprocessable', 'audit:export.tooMany')
  await recordDownload({ actor, ip }, { action: 'audit.exported', entityType: 'audit_log', after: { format, filter, rows, upToId } })
  const t = await i18nServer.getFixedT(actor.locale, 'audit')
  const header = columns.map((c) => t(`export.columns.${c}`) as string)
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  const batches = auditRowBatches(actor, filter, upToId)
  if (format === 'csv') {
    return { filename: `audit-log-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', rows, body: csvStream(header, batches) }
  }
  return {
    filename: `audit-log-${stamp}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows,
    body: xlsxStream(header, t('export.sheetName') as string, batches),
  }
}

function csvStream(header: string[], batches: AsyncGenerator<AuditRowDto[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        // The byte-order mark makes Excel read the file as UTF-8 (Chinese names).
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`))
        return
      }
      const next = await batches.next()
      if (next.done) return controller.close()
      controller.enqueue(encoder.encode(next.value.map((r) => csvLine(cells(r))).join('')))
    },
    async cancel() {
      await batches.return(undefined)
    },
  })
}

function xlsxStream(header: string[], sheetName: string, batches: AsyncGenerator<AuditRowDto[]>): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  // Styles and shared strings off: each row is written to the zip as it is committed.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  const sheet = workbook.addWorksheet(sheetName)
  ;(async () => {
    sheet.addRow(header).commit()
    for await (const batch of batches) {
      // Cells are written as plain strings (never formulas), so no neutralizing is needed here.
      for (const r of batch) sheet.addRow(cells(r)).commit()
    }
    sheet.commit()
    await workbook.commit()
  })().catch((err) => out.destroy(err instanceof Error ? err : new Error(String(err))))
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>
}
