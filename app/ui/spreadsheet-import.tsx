import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { columnHeader, type ImportSpec, type RowIssue } from '~/domain/catalog/catalog-import.rules'
import { ImportFileSchema } from '~/domain/catalog/catalog.validation'
import { Field, FormError, useErrorText } from '~/ui/form'
import { PageHeader } from '~/ui/shell'
import type { z } from '~/utils/validation'
import { SubmitButton } from '~/ui/submit-button'

export interface SpreadsheetImportResult {
  submission?: SubmissionResult<string[]>
  issues?: RowIssue[]
  /** The rows are not wrong: the import asks before going on (the opening balances' "Import again"), in the caller's words (`questionTitle`). */
  confirm?: 'repeat' | null
}

/**
 * Fields an upload posts with its file (the channel upload's period), checked in the browser by
 * `schema` with the file. `render` gets conform's fields, so what it shows follows what is typed.
 */
export interface ImportExtraFields {
  schema: z.ZodType
  defaultValue: Record<string, string>
  render: (fields: Record<string, FieldMetadata<any, any, string[]>>) => { fields: React.ReactNode; submitLabel?: string }
}

/**
 * Every spreadsheet import looks the same: the upload form, the columns it expects, and (after a
 * refused import) every problem by row. The page brings its title, its introduction and, where
 * it has them, a template download and a description of each column.
 */
export function SpreadsheetImport({
  title,
  intro,
  spec,
  backPath,
  templateBase,
  describeColumn,
  lastResult,
  extra,
  questionTitle,
}: {
  title: string
  intro: React.ReactNode
  spec: ImportSpec
  backPath: string
  /** `${templateBase}?template=1&format=xlsx|csv` serves an empty file with the headers. */
  templateBase?: string
  describeColumn?: (key: string) => string
  lastResult?: SpreadsheetImportResult
  extra?: ImportExtraFields
  /** What the panel says when the import asks before going on (`confirm`) rather than refusing rows. */
  questionTitle?: string
}) {
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm({
    lastResult: lastResult?.submission,
    defaultValue: extra?.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: extra?.schema ?? ImportFileSchema }),
    shouldValidate: 'onSubmit',
  })
  const more = extra?.render(fields)
  return (
    <div data-testid={`import-${spec.entity}`}>
      <PageHeader title={title}>{intro}</PageHeader>

      {lastResult?.issues?.length ? <IssueTable issues={lastResult.issues} spec={spec} questionTitle={lastResult.confirm === 'repeat' ? questionTitle : undefined} /> : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,22rem)_1fr]">
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card space-y-4 self-start p-5">
          <FormError errors={form.errors} />
          {more?.fields}
          <Field label={t('import.file')} meta={fields.file} hint={t('import.fileHint')}>
            <input {...getInputProps(fields.file, { type: 'file' })} accept=".xlsx,.csv" className="block w-full text-sm" data-testid="import-file" />
          </Field>
          <SubmitButton className="btn-primary w-full" busy={busy} data-testid="import-submit">
            {more?.submitLabel ?? t('import.submit')}
          </SubmitButton>
          {templateBase ? (
            <div className="text-sm">
              <p className="mb-1 text-slate-600">{t('import.template')}</p>
              <div className="flex gap-3">
                <a className="text-indigo-600 hover:underline" href={`${templateBase}?template=1&format=xlsx`} download data-testid="template-xlsx">
                  {t('import.templateXlsx')}
                </a>
                <a className="text-indigo-600 hover:underline" href={`${templateBase}?template=1&format=csv`} download data-testid="template-csv">
                  {t('import.templateCsv')}
                </a>
              </div>
            </div>
          ) : null}
          <Link to={backPath} className="btn-ghost">
            {t('actions.back')}
          </Link>
        </Form>

        <section className="card relative overflow-x-auto" aria-labelledby="import-columns">
          <h2 id="import-columns" className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">
            {t('import.columns')}
          </h2>
          <table className="min-w-full divide-y divide-slate-100 text-sm" data-testid="import-columns">
            <thead className="whitespace-nowrap bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">{t('import.column')}</th>
                <th scope="col" className="px-4 py-2">{t('import.required')}</th>
                <th scope="col" className="px-4 py-2">{t('import.aliases')}</th>
                <th scope="col" className="px-4 py-2">{t('import.example')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {spec.columns.map((c) => (
                <tr key={c.key}>
                  <td className="px-4 py-2 align-top">
                    <code className="font-mono text-xs font-semibold">{columnHeader(c, i18n.language)}</code>
                    {describeColumn ? <p className="text-xs text-slate-500">{describeColumn(c.key)}</p> : null}
                  </td>
                  <td className="px-4 py-2 align-top">{c.required ? t('yes') : t('no')}</td>
                  <td className="px-4 py-2 align-top text-xs text-slate-600">{[c.key, c.zh, ...c.aliases].filter((name) => name && name !== columnHeader(c, i18n.language)).join(' · ')}</td>
                  <td className="whitespace-nowrap px-4 py-2 align-top font-mono text-xs">{c.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  )
}

/** The rows an import refused, or (`question`) the rows it asks about before going on: those are not errors to correct. */
function IssueTable({ issues, questionTitle, spec }: { issues: RowIssue[]; questionTitle?: string; spec: ImportSpec }) {
  const { t, i18n } = useTranslation()
  // A column is named as the reader's template heads it (期末库存 rather than on_hand); a header the file had that the spec
  // does not know is named as the file had it.
  const headerOf = (column: string) => {
    const c = spec.columns.find((col) => col.key === column)
    return c ? columnHeader(c, i18n.language) : column
  }
  const question = questionTitle !== undefined
  const text = useErrorText()
  return (
    <section
      role="alert"
      aria-labelledby="import-issues-title"
      className={`mb-6 rounded-lg border ${question ? 'border-amber-200 bg-amber-50' : 'border-rose-200 bg-rose-50'}`}
      data-testid="import-issues"
      data-kind={question ? 'question' : 'errors'}
    >
      <h2 id="import-issues-title" className={`px-4 pt-3 text-sm font-semibold ${question ? 'text-amber-900' : 'text-rose-900'}`}>
        {questionTitle ?? t('import.errorsTitle')}
        <span className="font-normal">{t(question ? 'import.confirmCount' : 'import.errorsCount', { count: issues.length })}</span>
      </h2>
      <div className="max-h-[28rem] overflow-auto p-2">
        <table className="min-w-full text-sm">
          <thead className="text-left text-xs font-semibold uppercase tracking-wide text-rose-800">
            <tr>
              <th scope="col" className="px-2 py-1.5">{t('import.row')}</th>
              <th scope="col" className="px-2 py-1.5">{t('import.columnHeader')}</th>
              <th scope="col" className="px-2 py-1.5">{t('import.problem')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-rose-100 bg-white">
            {issues.map((issue, i) => (
              <tr key={i} data-testid="import-issue" data-row={issue.row}>
                <th scope="row" className="px-2 py-1.5 text-left font-mono" data-testid="import-issue-row">
                  {issue.row === 0 ? t('import.fileLevel') : issue.row}
                </th>
                <td className="px-2 py-1.5 font-mono text-xs" data-testid="import-issue-column">{issue.column === null ? '—' : headerOf(issue.column)}</td>
                <td className="px-2 py-1.5 text-rose-900" data-testid="import-issue-message">
                  {text(issue.message)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
