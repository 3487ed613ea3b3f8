import type { SpreadsheetFile } from '~/domain/catalog/catalog-export.server'
import { attachmentDisposition } from '~/domain/files/file-types'
import { exportFormats, type ExportFormat } from '~/domain/catalog/catalog.validation'
import type { Locale } from '~/i18n/config'
import { i18nServer } from '~/i18n/i18next.server'
import { resources } from '~/i18n/resources'
import { parseMessage } from '~/utils/validation'

/**
 * The spreadsheet format a download asks for: xlsx unless `format` says csv. Any other value is refused with a 400 in the
 * reader's language, thrown as the response: an .xlsx answered to `?format=pdf` read as if the format had been taken.
 */
export function exportFormatOf(url: URL, locale: Locale): ExportFormat {
  const f = url.searchParams.get('format')
  if (f === null) return 'xlsx'
  if ((exportFormats as readonly string[]).includes(f)) return f as ExportFormat
  throw new Response(resources[locale].errors.exportFormat, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } })
}

export function spreadsheetResponse(file: SpreadsheetFile): Response {
  return new Response(new Uint8Array(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
      'Content-Disposition': attachmentDisposition(file.fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/**
 * A refusal a browser shows as the page itself (an export link opened in a tab, or called directly): a domain message
 * ("ns:key|{params}") as plain text in the reader's language.
 */
export async function plainTextRefusal(locale: string, message: string, status: number): Promise<Response> {
  const t = await i18nServer.getFixedT(locale)
  const [key, params] = parseMessage(message)
  return new Response(t(key, params as any) as string, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } })
}
