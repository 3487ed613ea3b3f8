import { recordAudit } from '~/audit/record.server'
import type { Actor } from '~/auth/roles'
import { transact } from '~db/transaction'
import { assertUploadAllowed, storeFile, type FilePolicy, type StoredFileDto, type StagedFile, type Upload } from './store-file.server'

/** Stores one attachment on its own: checks it, records it with an audit row, returns its DTO. */
export async function uploadFile(actor: Actor, upload: Upload, policy: FilePolicy, meta: { ip?: string } = {}): Promise<StoredFileDto> {
  const kind = assertUploadAllowed(upload, policy)
  let staged: StagedFile | undefined
  try {
    return await transact(async ({ tx }) => {
      staged = await storeFile(tx, actor, upload, kind)
      await recordAudit(tx, { actor, ip: meta.ip }, { action: 'file.uploaded', entityType: 'file', entityId: staged.file.id, after: staged.file })
      return staged.file
    })
  } catch (err) {
    await staged?.discard()
    throw err
  }
}
