import { useTranslation } from 'react-i18next'
import { ORDER_EXPORT_CAP } from '~/domain/orders/order-list.validation'
import { SpreadsheetActions } from '~/ui/catalog/spreadsheet-actions'

/**
 * The order list's export control, as the catalog lists offer theirs (the URL's search, filters and sort travel with it).
 * Past the cap the page says so in place of a link that would only answer the same words: the console's count may stop
 * early, but a count that stopped past the cap is past it all the same.
 */
export function OrderListExport({ basePath, total }: { basePath: string; total: number }) {
  const { t } = useTranslation('orders')
  if (total > ORDER_EXPORT_CAP)
    return (
      <p className="max-w-xs self-center text-xs text-amber-700" data-testid="export-too-many">
        {t('export.tooManyHere', { max: ORDER_EXPORT_CAP })}
      </p>
    )
  return <SpreadsheetActions basePath={basePath} canImport={false} />
}
