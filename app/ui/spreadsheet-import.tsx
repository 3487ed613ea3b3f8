import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { ImportSpec, RowIssue } from '~/domain/catalog/catalog-import.rules'
import { ImportFileSchema } from '~/domain/catalog/catalog.validation'
import { Field, FormError, useErrorText } from '~/ui/form'
import { PageHeader } from '~/ui/shell'

export interface SpreadsheetImportResult {
  submission?: SubmissionResult<string[]>
  issues?: RowIssue[]
}

/** An upload form, the columns it expects, and (after a refused import) every problem by row. Strings come from `<ns>:import.*`. */
export function SpreadsheetImport({ ns, title, spec, backPath, lastResult }: { ns: 'inventory' | 'sales'; title: string; spec: ImportSpec; backPath: string; lastResult?: SpreadsheetImportResult }) {
  const { t } = useTranslation(ns)
  const text = useErrorText()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm({ lastResult: lastResult?.submission, onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportFileSchema }), shouldValidate: 'onSubmit' })
  return (
    <div data-testid={`import-${spec.entity}`}>
      <PageHeader title={title}>
        <p className="max-w-3xl">{t('import.intro')}</p>
      </PageHeader>
      {lastResult?.issues?.length ? (
        <section role="alert" className="mb-6 rounded-lg border border-rose-200 bg-rose-50 p-3" data-testid="import-issues">
          <p className="mb-2 text-sm font-semibold text-rose-900">{t('import.issues')}</p>
          <table className="min-w-full text-sm">
            <thead className="text-left text-xs uppercase text-rose-800">
              <tr>
                <th className="px-2 py-1">{t('import.row')}</th>
                <th className="px-2 py-1">{t('import.column')}</th>
                <th className="px-2 py-1">{t('import.problem')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-rose-100 bg-white">
              {lastResult.issues.map((issue, i) => (
                <tr key={i} data-testid="import-issue" data-row={issue.row}>
                  <td className="px-2 py-1 font-mono">{issue.row || '—'}</td>
                  <td className="px-2 py-1 font-mono text-xs">{issue.column ?? '—'}</td>
                  <td className="px-2 py-1 text-rose-900">{text(issue.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_1fr]">
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card space-y-4 self-start p-5">
          <FormError errors={form.errors} />
          <Field label={t('import.file')} meta={fields.file}>
            <input {...getInputProps(fields.file, { type: 'file' })} accept=".xlsx,.csv" className="block w-full text-sm" data-testid="import-file" />
          </Field>
          <button type="submit" className="btn-primary w-full" disabled={busy} data-testid="import-submit">
            {t('import.submit')}
          </button>
          <Link to={backPath} className="btn-ghost">
            {t('common:actions.back')}
          </Link>
        </Form>
        <section className="card overflow-x-auto">
          <h2 className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">{t('import.columns')}</h2>
          <table className="min-w-full text-sm">
            <tbody className="divide-y divide-slate-100">
              {spec.columns.map((c) => (
                <tr key={c.key}>
                  <td className="px-4 py-2 font-mono text-xs font-semibold">{c.key}</td>
                  <td className="px-4 py-2 text-xs">{c.required ? t('import.required') : t('import.optional')}</td>
                  <td className="px-4 py-2 text-xs text-slate-600">{c.aliases.join(' · ')}</td>
                  <td className="px-4 py-2 font-mono text-xs">{c.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  )
}
