import type { ActionFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import type { ImportOutcome } from '~/domain/catalog/catalog-import.server'
import { ImportFileSchema } from '~/domain/catalog/catalog.validation'
import type { Upload } from '~/domain/files/store-file.server'
import type { StaffActor } from '~/auth/roles'
import { parseForm } from '~/utils/form.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { redirectWithToast } from '~/ui/toast.server'

type ImportCommand = (actor: StaffActor, upload: Upload, meta: { ip?: string }) => Promise<ImportOutcome>

/** The shared action of the import pages: guard, parse the one file field, run the import, answer. */
export async function importAction(args: ActionFunctionArgs, run: ImportCommand, listPath: string) {
  const actor = await requireStaff(args, 'catalog.manage')
  const parsed = await parseForm(args.request, ImportFileSchema)
  if (!parsed.ok) return parsed.response
  const file = parsed.value.file
  let outcome: ImportOutcome
  try {
    outcome = await run(actor, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, { ip: args.context.ip })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
  if (!outcome.ok) return data({ submission: parsed.submission.reply({ hideFields: ['file'] }), issues: outcome.issues }, { status: 422 })
  return redirectWithToast(listPath, { key: 'catalog:toast.imported', params: { count: outcome.rows, created: outcome.created, updated: outcome.updated } })
}
