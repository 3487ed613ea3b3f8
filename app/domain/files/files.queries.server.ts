import fs from 'node:fs/promises'
import { and, eq } from 'drizzle-orm'
import { db } from '~db/client'
import { files } from '~db/schema'
import { recordNotTheirs } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { isUuid } from '~/utils/uuid'
import { kindOfMime, safeDownloadName, type FileKind } from './file-types'
import { storedPath } from './store-file.server'

export interface DownloadableFile {
  id: string
  downloadName: string
  mime: string
  kind: FileKind
  size: number
  sha256: string
  bytes: Buffer
}

/**
 * A file the actor may download, or null. Files belong to the uploader's organization and are
 * visible only inside it (host staff read host files): another party's file is simply not found, and
 * the attempt is recorded as denied.
 */
export async function fileForDownload(actor: Actor, id: string, meta: { ip?: string | null } = {}): Promise<DownloadableFile | null> {
  if (!isUuid(id)) return null
  const [row] = await db()
    .select()
    .from(files)
    .where(and(eq(files.id, id), eq(files.orgId, actor.orgId)))
  if (!row) {
    await recordNotTheirs({ actor, ip: meta.ip, action: 'file.download' }, { type: 'file', id })
    return null
  }
  const kind = kindOfMime(row.mime)
  if (!kind) return null
  let bytes: Buffer
  try {
    bytes = await fs.readFile(storedPath(row.storedName))
  } catch (err: any) {
    if (err?.code === 'ENOENT') return null
    throw err
  }
  return {
    id: row.id,
    downloadName: safeDownloadName(row.originalName, kind),
    mime: row.mime,
    kind,
    size: row.size,
    sha256: row.sha256,
    bytes,
  }
}
