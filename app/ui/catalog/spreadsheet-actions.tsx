import * as DropdownMenu from '@radix-ui/react-dropdown-menu'
import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** Export the list as it is shown (the URL's search and filters), and a link to the import page. */
export function SpreadsheetActions({ basePath, canImport }: { basePath: string; canImport: boolean }) {
  const { t } = useTranslation('catalog')
  const { search } = useLocation()
  const params = new URLSearchParams(search)
  params.delete('page')
  const href = (format: string) => {
    const sp = new URLSearchParams(params)
    sp.set('format', format)
    return `${basePath}/export?${sp.toString()}`
  }
  return (
    <>
      {canImport ? (
        <Link to={`${basePath}/import`} className="btn-secondary" data-testid="import-link">
          {t('spreadsheet.import')}
        </Link>
      ) : null}
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="btn-secondary" data-testid="export-menu" aria-label={t('spreadsheet.exportLabel')}>
          {t('spreadsheet.export')} <span aria-hidden>▾</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg">
            <DropdownMenu.Label className="px-3 py-2 text-xs text-slate-500">{t('spreadsheet.exportLabel')}</DropdownMenu.Label>
            {(['xlsx', 'csv'] as const).map((format) => (
              <DropdownMenu.Item key={format} asChild className="block cursor-pointer rounded px-3 py-2 outline-none data-[highlighted]:bg-slate-100">
                <a href={href(format)} download data-testid={`export-${format}`}>
                  {t(format === 'xlsx' ? 'spreadsheet.exportXlsx' : 'spreadsheet.exportCsv')}
                </a>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </>
  )
}
