import type { SpreadsheetFile } from '~/domain/catalog/catalog-export.server'
import { attachmentDisposition } from '~/domain/files/file-types'
import { exportFormats, type ExportFormat } from '~/domain/catalog/catalog.validation'

export function exportFormatOf(url: URL): ExportFormat {
  const f = url.searchParams.get('format')
  return (exportFormats as readonly string[]).includes(f ?? '') ? (f as ExportFormat) : 'xlsx'
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
