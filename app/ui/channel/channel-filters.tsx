import { useTranslation } from 'react-i18next'
import type { PeriodKind } from '~/domain/channel/channel.rules'
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
  /** The stored region (the filter's value) and its name in the reader's language. */
  regions: Array<{ value: string; label: string }>
  dealers: Array<{ id: string; code: string; name: string }>
  categories: Array<{ code: string; name: string }>
}

/** A label above one control: the layout of the channel pages' GET forms, which conform's Field does not drive. */
function LabelledField({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  // A select is as wide as its longest option (a dealer's full name): at 320 px that pushed the page
  // sideways (WCAG 1.4.10), so the field never outgrows the form and the control shrinks with it.
  return (
    <div className="min-w-0 max-w-full">
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
    </div>
  )
}

interface SelectFieldProps {
  id: string
  name: string
  label: string
  value: string
  testId: string
  options: Array<{ value: string; label: string }>
  /** The empty choice that leaves the filter off; omitted where a value is required. */
  all?: string
}

function SelectField({ id, name, label, value, testId, options, all }: SelectFieldProps) {
  return (
    <LabelledField id={id} label={label}>
      <select id={id} name={name} defaultValue={value} className="input w-auto max-w-full" data-testid={testId}>
        {all !== undefined ? <option value="">{all}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  )
}

/** Week or month, as both the console's filters and the dealer's upload page ask for it. */
function PeriodKindField({ id, value, testId }: { id: string; value: PeriodKind; testId: string }) {
  const { t } = useTranslation('channel')
  const options = [
    { value: 'week', label: t('kind.week') },
    { value: 'month', label: t('kind.month') },
  ]
  return <SelectField id={id} name="kind" label={t('form.kind')} value={value} testId={testId} options={options} />
}

function DateField({ id, name, label, value, testId }: { id: string; name: string; label: string; value: string; testId: string }) {
  return (
    <LabelledField id={id} label={label}>
      <input id={id} name={name} type="date" defaultValue={value} className="input w-auto max-w-full" data-testid={testId} />
    </LabelledField>
  )
}

/** The console's channel-stock filters: a GET form, so the URL (and the export link) carries them. */
export function ChannelFiltersForm({ filters, options }: { filters: ChannelFilterValues; options: ChannelFilterOptions }) {
  const { t } = useTranslation('channel')
  return (
    <ListForm owns={['kind', 'from', 'to', 'region', 'dealer', 'category', 'group']} className="card flex flex-wrap items-end gap-3 p-4" data-testid="channel-filters">
      <PeriodKindField id="cf-kind" value={filters.kind} testId="filter-kind" />
      <DateField id="cf-from" name="from" label={t('filter.from')} value={filters.from} testId="filter-from" />
      <DateField id="cf-to" name="to" label={t('filter.to')} value={filters.to} testId="filter-to" />
      <SelectField
        id="cf-region"
        name="region"
        label={t('filter.region')}
        value={filters.region ?? ''}
        testId="filter-region"
        all={t('filter.allRegions')}
        options={options.regions}
      />
      <SelectField
        id="cf-dealer"
        name="dealer"
        label={t('filter.dealer')}
        value={filters.dealer ?? ''}
        testId="filter-dealer"
        all={t('filter.allDealers')}
        options={options.dealers.map((d) => ({ value: d.id, label: `${d.code} · ${d.name}` }))}
      />
      <SelectField
        id="cf-category"
        name="category"
        label={t('filter.category')}
        value={filters.category ?? ''}
        testId="filter-category"
        all={t('filter.allCategories')}
        options={options.categories.map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }))}
      />
      <SelectField
        id="cf-group"
        name="group"
        label={t('filter.group')}
        value={filters.group}
        testId="filter-group"
        options={[
          { value: 'dealer', label: t('filter.groupDealer') },
          { value: 'region', label: t('filter.groupRegion') },
        ]}
      />
      <button type="submit" className="btn-primary" data-testid="filter-apply">
        {t('filter.apply')}
      </button>
    </ListForm>
  )
}
