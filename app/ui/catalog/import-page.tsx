import { useTranslation } from 'react-i18next'
import type { ImportSpec } from '~/domain/catalog/catalog-import.rules'
import { SpreadsheetImport, type SpreadsheetImportResult } from '~/ui/spreadsheet-import'

export type ImportActionData = SpreadsheetImportResult

/** A master-data import: the shared import page with the catalog's title, key column and column notes. */
export function ImportPage({ spec, basePath, lastResult }: { spec: ImportSpec; basePath: string; lastResult?: ImportActionData }) {
  const { t } = useTranslation('catalog')
  return (
    <SpreadsheetImport
      title={t(`import.title.${spec.entity}`)}
      intro={
        <>
          <p className="max-w-3xl">{t('import.intro', { key: spec.keyColumn ?? '' })}</p>
          {spec.entity === 'warehouses' ? <p className="mt-1 max-w-3xl">{t('import.warehouseBins')}</p> : null}
        </>
      }
      spec={spec}
      backPath={basePath}
      templateBase={`${basePath}/export`}
      describeColumn={(key) => t(`import.describe.${key}`)}
      lastResult={lastResult}
    />
  )
}
