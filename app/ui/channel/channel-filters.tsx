import { useTranslation } from 'react-i18next'
import { ListForm } from '~/ui/list-form'

export interface ChannelFilterValues {
  kind: 'week' | 'month'
  from: string
  to: string
  region: string | null
  dealer: string | null
  category: string | null
  group: 'dealer' | 'region'
}

export interface ChannelFilterOptions {
  regions: string[]
  dealers: Array<{ id: string; code: string; name: string }>
  categories: Array<{ code: string; name: string }>
}

/** The console's channel-stock filters: a GET form, so the URL (and the export link) carries them. */
export function ChannelFiltersForm({ filters, options }: { filters: ChannelFilterValues; options: ChannelFilterOptions }) {
  const { t } = useTranslation('channel')
  return (
    <ListForm owns={['kind', 'from', 'to', 'region', 'dealer', 'category', 'group']} className="card flex flex-wrap items-end gap-3 p-4" data-testid="channel-filters">
      <div>
        <label htmlFor="cf-kind" className="label">
          {t('form.kind')}
        </label>
        <select id="cf-kind" name="kind" defaultValue={filters.kind} className="input w-auto" data-testid="filter-kind">
          <option value="week">{t('kind.week')}</option>
          <option value="month">{t('kind.month')}</option>
        </select>
      </div>
      <div>
        <label htmlFor="cf-from" className="label">
          {t('filter.from')}
        </label>
        <input id="cf-from" name="from" type="date" defaultValue={filters.from} className="input w-auto" data-testid="filter-from" />
      </div>
      <div>
        <label htmlFor="cf-to" className="label">
          {t('filter.to')}
        </label>
        <input id="cf-to" name="to" type="date" defaultValue={filters.to} className="input w-auto" data-testid="filter-to" />
      </div>
      <div>
        <label htmlFor="cf-region" className="label">
          {t('filter.region')}
        </label>
        <select id="cf-region" name="region" defaultValue={filters.region ?? ''} className="input w-auto" data-testid="filter-region">
          <option value="">{t('filter.allRegions')}</option>
          {options.regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="cf-dealer" className="label">
          {t('filter.dealer')}
        </label>
        <select id="cf-dealer" name="dealer" defaultValue={filters.dealer ?? ''} className="input w-auto" data-testid="filter-dealer">
          <option value="">{t('filter.allDealers')}</option>
          {options.dealers.map((d) => (
            <option key={d.id} value={d.id}>
              {d.code} · {d.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="cf-category" className="label">
          {t('filter.category')}
        </label>
        <select id="cf-category" name="category" defaultValue={filters.category ?? ''} className="input w-auto" data-testid="filter-category">
          <option value="">{t('filter.allCategories')}</option>
          {options.categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} · {c.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="cf-group" className="label">
          {t('filter.group')}
        </label>
        <select id="cf-group" name="group" defaultValue={filters.group} className="input w-auto" data-testid="filter-group">
          <option value="dealer">{t('filter.groupDealer')}</option>
          <option value="region">{t('filter.groupRegion')}</option>
        </select>
      </div>
      <button type="submit" className="btn-primary" data-testid="filter-apply">
        {t('filter.apply')}
      </button>
    </ListForm>
  )
}
