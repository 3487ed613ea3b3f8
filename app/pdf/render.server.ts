import { renderToBuffer, type DocumentProps } from '@react-pdf/renderer'
import type { ReactElement } from 'react'
import { attachmentDisposition } from '~/domain/files/file-types'
import { registerPdfFonts } from './fonts.server'

export async function renderPdf(document: ReactElement<DocumentProps>): Promise<Buffer> {
  registerPdfFonts()
  return renderToBuffer(document)
}

/** A generated document: always a download, never cached (it may carry prices or sealed data). */
export function pdfResponse(body: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(body.length),
      'Content-Disposition': attachmentDisposition(fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
