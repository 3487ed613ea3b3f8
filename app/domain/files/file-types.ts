// Pure: which kinds of file the app accepts, recognised by their bytes, never by what the client claims.

export const fileKinds = {
  xlsx: { extensions: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  csv: { extensions: ['csv'], mime: 'text/csv; charset=utf-8' },
  pdf: { extensions: ['pdf'], mime: 'application/pdf' },
  png: { extensions: ['png'], mime: 'image/png' },
  jpeg: { extensions: ['jpg', 'jpeg'], mime: 'image/jpeg' },
} as const

export type FileKind = keyof typeof fileKinds

export const spreadsheetKinds = ['xlsx', 'csv'] as const satisfies readonly FileKind[]
export type SpreadsheetKind = (typeof spreadsheetKinds)[number]

export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : ''
}

/** The kind a file name claims by its extension, among the allowed ones. */
export function kindByExtension(name: string, allowed: readonly FileKind[]): FileKind | null {
  const ext = extensionOf(name)
  return allowed.find((k) => (fileKinds[k].extensions as readonly string[]).includes(ext)) ?? null
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b)

export interface ZipEntry {
  name: string
  /** Unpacked size, as the archive declares it. */
  size: number
  compressedSize: number
  /** 0 stored, 8 deflated. */
  method: number
  /** Where the entry's local header starts. */
  offset: number
}

/**
 * The entries of a zip archive, read from its central directory. Enough to tell an Office Open XML workbook from
 * any other zip (a .docx, a renamed .jar) without unpacking it, and to find each entry's data to unpack it.
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment (≤ 64 KiB).
  const lowest = Math.max(0, bytes.length - 22 - 0xffff)
  let eocd = -1
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return null
  const count = view.getUint16(eocd + 10, true)
  let offset = view.getUint32(eocd + 16, true)
  const entries: ZipEntry[] = []
  const decoder = new TextDecoder('utf-8')
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null
    const method = view.getUint16(offset + 10, true)
    const compressedSize = view.getUint32(offset + 20, true)
    const size = view.getUint32(offset + 24, true)
    const nameLength = view.getUint16(offset + 28, true)
    const extraLength = view.getUint16(offset + 30, true)
    const commentLength = view.getUint16(offset + 32, true)
    if (offset + 46 + nameLength > bytes.length) return null
    const local = view.getUint32(offset + 42, true)
    entries.push({ name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)), size, compressedSize, method, offset: local })
    offset += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/** Unpacked, a workbook may not grow past this: a few MB of zip can otherwise inflate to gigabytes. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024

/** UTF-8 text without NUL or other control characters than tab and line breaks. */
export function isPlainUtf8Text(bytes: Uint8Array): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)
}

/** Whether the bytes really are a file of this kind. */
export function contentMatches(kind: FileKind, bytes: Uint8Array): boolean {
  switch (kind) {
    case 'xlsx': {
      const entries = zipEntries(bytes)
      if (!entries) return false
      const names = new Set(entries.map((e) => e.name))
      // A size of 0xffffffff means ZIP64, which no workbook of the sizes we accept needs.
      const unzipped = entries.reduce((sum, e) => sum + e.size, 0)
      return names.has('[Content_Types].xml') && names.has('xl/workbook.xml') && unzipped <= MAX_UNZIPPED_BYTES
    }
    case 'csv':
      return isPlainUtf8Text(bytes)
    case 'pdf':
      return startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]) // %PDF-
    case 'png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    case 'jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff])
  }
}

export type UploadCheck =
  | { ok: true; kind: FileKind }
  | { ok: false; reason: 'missing' | 'empty' | 'tooLarge' | 'nameTooLong' | 'badType' | 'contentMismatch' }

/** The longest client file name kept (files.original_name): what file systems allow; a longer one is junk, not a name. */
export const MAX_FILE_NAME_LENGTH = 255

/** The extension must be allowed AND the bytes must be what the extension says. */
export function checkUploadBytes(name: string, bytes: Uint8Array, allowed: readonly FileKind[], maxBytes: number): UploadCheck {
  // A form sent with no file chosen posts an empty part with no name: "choose a file", not "the file is empty".
  if (bytes.length === 0) return { ok: false, reason: name ? 'empty' : 'missing' }
  if (bytes.length > maxBytes) return { ok: false, reason: 'tooLarge' }
  if (name.length > MAX_FILE_NAME_LENGTH) return { ok: false, reason: 'nameTooLong' }
  const kind = kindByExtension(name, allowed)
  if (!kind) return { ok: false, reason: 'badType' }
  if (!contentMatches(kind, bytes)) return { ok: false, reason: 'contentMismatch' }
  return { ok: true, kind }
}

/**
 * A download name safe in a header and on any file system: the client's name with path parts,
 * control and reserved characters removed, always ending in the extension of the detected kind.
 */
export function safeDownloadName(originalName: string, kind: FileKind, fallback = 'file'): string {
  const ext = fileKinds[kind].extensions[0]
  const base = (originalName.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/\.[^.]*$/, '')
    .replace(/[\u0000-\u001f\u007f"*:<>?|\\/;%]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120)
  return `${base || fallback}.${ext}`
}

/** Content-Disposition for an attachment: an ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

export function kindOfMime(mime: string): FileKind | null {
  return (Object.keys(fileKinds) as FileKind[]).find((k) => fileKinds[k].mime === mime) ?? null
}
