import { useTranslation } from 'react-i18next'
import { orderStatuses } from '~/domain/orders/order-list.validation'
import { ListForm } from '~/ui/list-form'

/** Status and date filters of the order lists; the console adds the dealer. */
export function OrderFilters({ filters, dealers, locale }: { filters: Record<string, string>; dealers?: Array<{ code: string; nameEn: string; nameZh: string }>; locale?: string }) {
  const { t } = useTranslation('orders')
  return (
    <ListForm owns={['status', 'dealer', 'from', 'to']} className="flex flex-wrap items-center gap-2" data-testid="order-filters">
      {dealers ? (
        <>
          <label htmlFor="filter-dealer" className="sr-only">
            {t('list.dealer')}
          </label>
          <select id="filter-dealer" name="dealer" defaultValue={filters.dealer ?? ''} className="input w-auto" data-testid="filter-dealer">
            <option value="">{t('list.allDealers')}</option>
            {dealers.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} · {locale === 'en' ? d.nameEn : d.nameZh}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <label htmlFor="filter-status" className="sr-only">
        {t('list.status')}
      </label>
      <select id="filter-status" name="status" defaultValue={filters.status ?? ''} className="input w-auto" data-testid="filter-status">
        <option value="">{t('list.allStatuses')}</option>
        {orderStatuses.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1 text-sm">
        {t('list.from')}
        <input type="date" name="from" defaultValue={filters.from ?? ''} className="input w-auto" data-testid="filter-from" />
      </label>
      <label className="flex items-center gap-1 text-sm">
        {t('list.to')}
        <input type="date" name="to" defaultValue={filters.to ?? ''} className="input w-auto" data-testid="filter-to" />
      </label>
      <button type="submit" className="btn-secondary">
        {t('list.apply')}
      </button>
    </ListForm>
  )
}
