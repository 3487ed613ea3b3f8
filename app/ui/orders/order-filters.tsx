import { useTranslation } from 'react-i18next'
import { DEALER_QUERY_MAX, OPEN_STATUS_FILTER, orderStatuses, paymentFilters } from '~/domain/orders/order-list.validation'
import { FieldError, fieldErrorProps } from '~/ui/form'
import { FilterSelect, ListForm } from '~/ui/list-form'
import { PartyPicker, type PartyOption } from '~/ui/parties/party-picker'

/** Where the dealer picker finds dealers (console staff with orders.view). */
export const DEALER_OPTIONS_URL = '/console/dealers/options'

/**
 * Status, payment and date filters of the order lists; the console adds the dealer, picked by searching
 * (`selected` is the dealer the URL's filter names, when it names one).
 */
export function OrderFilters({ filters, dealerPicker }: { filters: Record<string, string>; dealerPicker?: { selected: PartyOption | null } }) {
  const { t } = useTranslation('orders')
  // ISO days compare as text.
  const reversed = filters.from && filters.to && filters.from > filters.to ? ['orders:list.toBeforeFrom'] : null
  return (
    <ListForm owns={['status', 'payment', 'dealer', 'from', 'to']} className="flex flex-wrap items-center gap-2" data-testid="order-filters">
      {dealerPicker ? (
        <>
          <label htmlFor="filter-dealer" className="sr-only">
            {t('list.dealer')}
          </label>
          <PartyPicker
            id="filter-dealer"
            name="dealer"
            endpoint={DEALER_OPTIONS_URL}
            value={filters.dealer ?? ''}
            selected={dealerPicker.selected}
            label={t('list.dealer')}
            placeholder={t('list.dealerPicker.placeholder')}
            searching={t('list.dealerPicker.searching')}
            noMatches={t('list.dealerPicker.noMatches')}
            clear={t('list.dealerPicker.clear')}
            matches={(count) => t('list.dealerPicker.matches', { count })}
            maxLength={DEALER_QUERY_MAX}
            className="w-64"
            testId="filter-dealer"
          />
        </>
      ) : null}
      <FilterSelect
        name="status"
        label={t('list.status')}
        value={filters.status}
        all={t('list.allStatuses')}
        options={[{ value: OPEN_STATUS_FILTER, label: t('list.openStatuses') }, ...orderStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
      />
      <FilterSelect
        name="payment"
        label={t('list.payment')}
        value={filters.payment}
        all={t('list.anyPayment')}
        options={paymentFilters.map((p) => ({ value: p, label: t(`list.paymentFilter.${p}`) }))}
      />
      <label className="flex items-center gap-1 text-sm">
        {t('list.from')}
        <input type="date" name="from" defaultValue={filters.from ?? ''} className="input w-auto" data-testid="filter-from" />
      </label>
      <label className="flex items-center gap-1 text-sm">
        {t('list.to')}
        <input type="date" name="to" defaultValue={filters.to ?? ''} className="input w-auto" data-testid="filter-to" {...fieldErrorProps('filter-to', reversed)} />
      </label>
      {/* Said, not left to an empty list that reads as "no orders in those days". */}
      <FieldError id="filter-to" errors={reversed} testId="filter-to-error" />
      <button type="submit" className="btn-secondary">
        {t('list.apply')}
      </button>
    </ListForm>
  )
}
