import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { dataDir, type DbOrTx } from '~db/client'
import { files } from '~db/schema'
import type { Actor } from '~/auth/roles'
import { DomainError } from '~/utils/errors'
import { withParams } from '~/utils/validation'
import { checkUploadBytes, fileKinds, MAX_FILE_NAME_LENGTH, type FileKind } from './file-types'

export interface Upload {
  /** The name the client gave; kept for display only, never used on disk. */
  name: string
  bytes: Uint8Array
}

export interface FilePolicy {
  kinds: readonly FileKind[]
  maxBytes: number
  /** The form field the error belongs to. */
  field?: string
}

export interface StoredFileDto {
  id: string
  originalName: string
  mime: string
  size: number
  sha256: string
}

export function uploadsDir() {
  return path.join(dataDir(), 'uploads')
}

/** Only names this module generated reach the disk: a UUID and the detected kind's extension. */
const STORED_NAME = /^[0-9a-f-]{36}\.[a-z]{3,4}$/

export function storedPath(storedName: string) {
  if (!STORED_NAME.test(storedName)) throw new Error('not a stored file name')
  return path.join(uploadsDir(), storedName)
}

const allowedList = (kinds: readonly FileKind[]) => kinds.flatMap((k) => fileKinds[k].extensions.map((e) => `.${e}`)).join(', ')

/** Refuses an upload whose size, extension or content is not allowed; returns its detected kind. */
export function assertUploadAllowed(upload: Upload, policy: FilePolicy): FileKind {
  const check = checkUploadBytes(upload.name, upload.bytes, policy.kinds, policy.maxBytes)
  if (check.ok) return check.kind
  const params = { max: check.reason === 'nameTooLong' ? MAX_FILE_NAME_LENGTH : Math.floor(policy.maxBytes / (1024 * 1024)), allowed: allowedList(policy.kinds) }
  throw new DomainError('bad_input', 'errors:bad_input', {
    [policy.field ?? 'file']: [withParams(`errors:file.${check.reason}`, params)],
  })
}

export interface StagedFile {
  file: StoredFileDto
  /** Removes the bytes from disk when the transaction that recorded them rolled back. */
  discard: () => Promise<void>
}

/**
 * Writes the bytes under a server-generated name and records them in the caller's transaction.
 * The caller calls `discard` if that transaction fails, so no file outlives its row.
 */
export async function storeFile(tx: DbOrTx, actor: Actor, upload: Upload, kind: FileKind): Promise<StagedFile> {
  const storedName = `${randomUUID()}.${fileKinds[kind].extensions[0]}`
  const target = storedPath(storedName)
  await fs.mkdir(uploadsDir(), { recursive: true })
  await fs.writeFile(target, upload.bytes, { flag: 'wx', mode: 0o640 })
  const discard = () => fs.rm(target, { force: true })
  try {
    const [row] = await tx
      .insert(files)
      .values({
        orgId: actor.orgId,
        uploadedBy: actor.userId,
        originalName: upload.name.slice(0, 255),
        storedName,
        mime: fileKinds[kind].mime,
        size: upload.bytes.length,
        sha256: createHash('sha256').update(upload.bytes).digest('hex'),
      })
      .returning()
    return {
      file: { id: row.id, originalName: row.originalName, mime: row.mime, size: row.size, sha256: row.sha256 },
      discard,
    }
  } catch (err) {
    await discard()
    throw err
  }
}
