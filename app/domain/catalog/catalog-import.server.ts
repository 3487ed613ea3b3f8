import type { Tx } from '~db/client'
import { transact } from '~db/transaction'
import type { Actor } from '~/auth/roles'
import { spreadsheetKinds, type SpreadsheetKind } from '~/domain/files/file-types'
import { assertUploadAllowed, storeFile, type FilePolicy, type StagedFile, type StoredFileDto, type Upload } from '~/domain/files/store-file.server'
import { DomainError } from '~/utils/errors'
import { readSpreadsheet, SpreadsheetTooLargeError, UnreadableSpreadsheetError, type Grid, type SheetLimits } from '~/utils/spreadsheet.server'
import { withParams } from '~/utils/validation'
import type { ImportSpec, RowIssue } from './catalog-import.rules'

/** Spreadsheets only, by extension and by content, and well under the 20 MB the HTTP layer lets through. */
export const IMPORT_FILE_POLICY: FilePolicy = { kinds: spreadsheetKinds, maxBytes: 10 * 1024 * 1024, field: 'file' }

export interface ImportSummary {
  ok: true
  fileId: string
  rows: number
  created: number
  updated: number
  unchanged: number
}
/** `confirm`: the refusal stands only until the user confirms (the page offers it), e.g. a file imported before. */
export type ImportOutcome = ImportSummary | { ok: false; issues: RowIssue[]; confirm?: 'repeat' }

/** Columns past the spec's that a sheet may still have cells in: notes, a total, a column left over from an export. */
const SPARE_COLUMNS = 50

/**
 * How far an import's sheet is read: the header, the rows the spec allows and as many again for blank rows between
 * them, plus `extraRows` a file may carry without importing them (the channel template's unfilled products).
 * validateGrid still counts the rows that hold data against spec.maxRows.
 */
export function importSheetLimits(spec: ImportSpec, extraRows = 0): SheetLimits {
  return { rows: 1 + 2 * spec.maxRows + extraRows, columns: spec.columns.length + SPARE_COLUMNS }
}

const tooLargeMessage: Record<SpreadsheetTooLargeError['limit'], string> = {
  rows: 'catalog:import.file.tooManyRows',
  columns: 'catalog:import.file.tooManyColumns',
  unpacked: 'catalog:import.file.tooLargeUnpacked',
}

/** Checks the upload and reads it; a file that is not a readable spreadsheet, or reaches past the limits, is an error on the file field. */
export async function readImportFile(upload: Upload, limits: SheetLimits): Promise<{ kind: SpreadsheetKind; grid: Grid }> {
  const kind = assertUploadAllowed(upload, IMPORT_FILE_POLICY) as SpreadsheetKind
  try {
    return { kind, grid: await readSpreadsheet(kind, upload.bytes, limits) }
  } catch (err) {
    if (err instanceof UnreadableSpreadsheetError) throw new DomainError('bad_input', 'errors:bad_input', { file: ['catalog:import.file.unreadable'] })
    if (err instanceof SpreadsheetTooLargeError)
      throw new DomainError('bad_input', 'errors:bad_input', { file: [withParams(tooLargeMessage[err.limit], { max: err.max })] })
    throw err
  }
}

/**
 * Runs the writes of an import in one transaction together with keeping the spreadsheet in the
 * file store; if anything fails, nothing is written and the stored bytes are removed again.
 */
export async function inImportTransaction<T>(actor: Actor, upload: Upload, kind: SpreadsheetKind, body: (tx: Tx, file: StoredFileDto) => Promise<T>): Promise<T> {
  let staged: StagedFile | undefined
  try {
    return await transact(async ({ tx }) => {
      staged = await storeFile(tx, actor, upload, kind)
      return body(tx, staged.file)
    })
  } catch (err) {
    await staged?.discard()
    throw err
  }
}

/** Big imports insert in slices: one statement may carry at most 65535 parameters. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** A concurrent writer created one of the rows first: the import is refused whole, and can be retried. */
export const concurrentImport = () => new DomainError('conflict', 'catalog:import.errors.concurrent')
