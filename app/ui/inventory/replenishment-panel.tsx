import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { serviceLevels } from '~/domain/inventory/replenishment.rules'
import { ReplenishmentSchema } from '~/domain/inventory/replenishment.validation'
import type { ProductReplenishment, WarehouseReplenishment } from '~/domain/inventory/replenishment.queries.server'
import { Field, FormError } from '~/ui/form'
import { useIntentSubmission } from '~/ui/intent-submission'
import { SubmitButton } from '~/ui/submit-button'
import { TableScroller } from '~/ui/table-scroller'
import { unitName } from '~/i18n/units'
import { useRevalidateOn } from '~/realtime/client'

type LastResult = SubmissionResult<string[]> | undefined

/**
 * The product's reorder points per warehouse, with the stock position each is judged by, and (for the
 * buyers) a settings form per warehouse. `lastResult`: the refused form's answer, which names its warehouse.
 */
export function ReplenishmentPanel({
  productId,
  data,
  unit,
  locale,
  canManage,
  canSeeRequisitions,
  lastResult,
  recomputeResult,
}: {
  productId: string
  data: ProductReplenishment
  unit: string
  locale: string
  canManage: boolean
  /** Sales and finance see the requisition's number but not its page (requisitions.view), so no link that answers 403. */
  canSeeRequisitions: boolean
  lastResult: LastResult
  recomputeResult: LastResult
}) {
  const { t } = useTranslation('replenishment')
  const qty = (s: string | null) => (s === null ? '—' : formatQuantity(s, locale))
  // Every quantity of a row with its unit, as the counts list writes them: net stock alone had one ("200 件" beside "200").
  const withUnit = (s: string | null) =>
    s === null ? (
      '—'
    ) : (
      <span className="whitespace-nowrap">
        {qty(s)} <span className="text-xs text-slate-500">{unitName(unit, locale, s)}</span>
      </span>
    )
  const en = locale === 'en'
  const refusedFor = (lastResult?.initialValue as Record<string, unknown> | undefined)?.warehouseId
  const navigation = useNavigation()
  const recomputing = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'recompute'
  const anyRule = data.warehouses.some((w) => w.rule)
  // A stock move is followed, a moment later, by the requisition it raises (a second stock:changed): one refetch after both.
  useRevalidateOn('stock:changed', ({ productIds }) => productIds.includes(productId), 300)
  return (
    // Not a region: the table's scroller is one, named by the same heading (axe landmark-unique).
    <section className="card mb-6 overflow-hidden" data-testid="replenishment">
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div>
          <h2 id="reorder-title" className="text-base font-semibold">
            {t('title')}
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('intro', { days: data.defaults.usageWindowDays })}</p>
        </div>
        {canManage && anyRule ? (
          <Form method="post" data-testid="recompute-form">
            <input type="hidden" name="intent" value="recompute" />
            <SubmitButton className="btn-secondary" busy={recomputing} data-testid="recompute-submit">
              {t('recompute')}
            </SubmitButton>
            <FormError errors={recomputeResult?.error?.[''] ?? undefined} />
          </Form>
        ) : null}
      </div>
      <TableScroller labelledBy="reorder-title">
        {/* break-keep: a Chinese heading or name broke one character per line in a narrow column ("再订货 / 点"); English still wraps at spaces. */}
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="break-keep px-4 py-2">{t('col.warehouse')}</th>
              <th className="break-keep px-4 py-2 text-right">{t('col.reorderPoint')}</th>
              <th className="break-keep px-4 py-2 text-right">{t('col.safetyStock')}</th>
              <th className="break-keep px-4 py-2 text-right">{t('col.usage')}</th>
              <th className="break-keep px-4 py-2 text-right">{t('col.leadTime')}</th>
              <th className="break-keep px-4 py-2 text-right" title={t('netHint')}>
                {t('col.net')}
              </th>
              <th className="break-keep px-4 py-2 text-right" title={t('positionHint')}>
                {t('col.position')}
              </th>
              <th className="break-keep px-4 py-2">{t('col.requisition')}</th>
            </tr>
          </thead>
          <tbody>
            {data.warehouses.map((w) => (
              <tr key={w.warehouseId} className="border-t border-slate-100" data-testid="reorder-row" data-warehouse={w.warehouseCode} data-below={w.below ? 'yes' : 'no'}>
                <td className="px-4 py-2">
                  <span className="whitespace-nowrap font-mono">{w.warehouseCode}</span> <span className="break-keep text-slate-600">{en ? w.warehouseNameEn : w.warehouseNameZh}</span>
                  {w.rule ? (
                    <span className="ml-2 whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700" data-testid="reorder-mode">
                      {!w.rule.enabled ? t('mode.off') : w.rule.manual ? t('mode.manual') : t('mode.computed')}
                    </span>
                  ) : null}
                </td>
                {w.rule ? (
                  <>
                    <td className="px-4 py-2 text-right tabular-nums" data-testid="reorder-point">
                      {withUnit(w.rule.reorderPoint)}
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums" data-testid="safety-stock">
                      {withUnit(w.rule.safetyStock)}
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums" data-testid="daily-usage">
                      {withUnit(w.rule.avgDailyUsage)}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums" data-testid="lead-time">
                      {t('days', { count: w.rule.leadTimeDays })}
                    </td>
                  </>
                ) : (
                  <td colSpan={4} className="px-4 py-2 text-slate-500" data-testid="reorder-none">
                    {t('none')}
                  </td>
                )}
                {/* The figure whole, the badge under it (on two lines if need be) when the table is narrow: all on one line pushed the table past a desktop card. */}
                <td className="px-4 py-2 text-right tabular-nums" data-testid="net-stock" title={t('netParts', { onHand: qty(w.onHand), reserved: qty(w.reserved), backordered: qty(w.backordered) })}>
                  {withUnit(w.net)}
                  {w.below ? <span className="ml-2 inline-block break-keep rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800" data-testid="below-badge">{t('below')}</span> : null}
                </td>
                <td className="px-4 py-2 text-right tabular-nums" data-testid="stock-position" title={t('positionParts', { net: qty(w.net), onRequisition: qty(w.onRequisition) })}>
                  {withUnit(w.position)}
                </td>
                <td className="px-4 py-2">
                  {w.openReorder && canSeeRequisitions ? (
                    <Link to={`/console/requisitions/${w.openReorder.id}`} className="whitespace-nowrap font-mono text-indigo-700 hover:underline" data-testid="reorder-requisition">
                      {w.openReorder.number}
                    </Link>
                  ) : w.openReorder ? (
                    <span className="whitespace-nowrap font-mono" data-testid="reorder-requisition">
                      {w.openReorder.number}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroller>
      {canManage ? (
        <div className="grid items-start gap-4 border-t border-slate-100 p-4 lg:grid-cols-2">
          {data.warehouses.map((w) => (
            <RuleForm key={w.warehouseId} warehouse={w} defaults={data.defaults} lastResult={refusedFor === w.warehouseId ? lastResult : undefined} />
          ))}
        </div>
      ) : null}
    </section>
  )
}

/** One warehouse's settings, folded away until asked for (or refused): the page is first the stock's. */
function RuleForm({ warehouse: w, defaults, lastResult }: { warehouse: WarehouseReplenishment; defaults: ProductReplenishment['defaults']; lastResult: LastResult }) {
  const { generation } = useIntentSubmission('replenishment', lastResult)
  return <RuleFormBody key={generation} warehouse={w} defaults={defaults} lastResult={lastResult} />
}

function RuleFormBody({ warehouse: w, defaults, lastResult }: { warehouse: WarehouseReplenishment; defaults: ProductReplenishment['defaults']; lastResult: LastResult }) {
  const { t } = useTranslation('replenishment')
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'replenishment' && navigation.formData?.get('warehouseId') === w.warehouseId
  const r = w.rule
  const id = `replenishment-${w.warehouseCode}`
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: {
      warehouseId: w.warehouseId,
      enabled: r ? (r.enabled ? 'on' : '') : 'on',
      leadTimeDays: String(r?.leadTimeDays ?? defaults.leadTimeDays),
      serviceLevel: String(r?.serviceLevel ?? defaults.serviceLevel),
      manual: r?.manual ? 'on' : '',
      safetyStock: r?.manual ? r.safetyStock : '',
      reorderPoint: r?.manual ? r.reorderPoint : '',
      orderUpTo: r?.orderUpTo ?? '',
      minOrderQty: r?.minOrderQty ?? '',
      orderMultiple: r?.orderMultiple ?? '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReplenishmentSchema }),
    shouldValidate: 'onSubmit',
  })
  const [manual, setManual] = useState(fields.manual.initialValue === 'on')
  const quantityInput = (name: 'safetyStock' | 'reorderPoint' | 'orderUpTo' | 'minOrderQty' | 'orderMultiple', testId: string) => (
    <input {...getInputProps(fields[name], { type: 'text' })} inputMode="decimal" className="input" autoComplete="off" data-testid={testId} />
  )
  return (
    <details className="rounded-md border border-slate-200" open={!!lastResult} data-testid="reorder-settings" data-warehouse={w.warehouseCode}>
      <summary className="cursor-pointer px-4 py-2 text-sm font-medium" data-testid="reorder-settings-toggle">
        {t(r ? 'form.edit' : 'form.create', { warehouse: w.warehouseCode })}
      </summary>
      <Form method="post" {...getFormProps(form)} className="space-y-3 px-4 pb-4" data-testid="reorder-form">
        <input type="hidden" name="intent" value="replenishment" />
        <input {...getInputProps(fields.warehouseId, { type: 'hidden' })} />
        <FormError errors={form.errors} />
        <label className="flex items-center gap-2 text-sm">
          <input {...getInputProps(fields.enabled, { type: 'checkbox' })} data-testid="reorder-enabled" />
          {t('form.enabled')}
        </label>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('form.leadTime')} meta={fields.leadTimeDays} hint={t('form.leadTimeHint')}>
            <input {...getInputProps(fields.leadTimeDays, { type: 'text' })} inputMode="numeric" className="input" autoComplete="off" data-testid="reorder-lead-time" />
          </Field>
          <Field label={t('form.serviceLevel')} meta={fields.serviceLevel} hint={t('form.serviceLevelHint')}>
            <select {...getSelectProps(fields.serviceLevel)} className="input" data-testid="reorder-service-level">
              {serviceLevels.map((s) => (
                <option key={s} value={String(s)}>
                  {t('form.serviceLevelOption', { level: s })}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input {...getInputProps(fields.manual, { type: 'checkbox' })} onChange={(e) => setManual(e.currentTarget.checked)} data-testid="reorder-manual" />
          {t('form.manual')}
        </label>
        {/* Hidden, not removed, while computed: a refused manual form keeps what was typed when unticked and ticked again. */}
        <div className={manual ? 'grid gap-3 sm:grid-cols-2' : 'hidden'} data-testid="reorder-manual-fields">
          <Field label={t('form.safetyStock')} meta={fields.safetyStock}>
            {quantityInput('safetyStock', 'reorder-safety-stock')}
          </Field>
          <Field label={t('form.reorderPoint')} meta={fields.reorderPoint}>
            {quantityInput('reorderPoint', 'reorder-reorder-point')}
          </Field>
        </div>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label={t('form.orderUpTo')} meta={fields.orderUpTo} hint={t('form.orderUpToHint')}>
            {quantityInput('orderUpTo', 'reorder-order-up-to')}
          </Field>
          <Field label={t('form.minOrderQty')} meta={fields.minOrderQty}>
            {quantityInput('minOrderQty', 'reorder-min-qty')}
          </Field>
          <Field label={t('form.orderMultiple')} meta={fields.orderMultiple}>
            {quantityInput('orderMultiple', 'reorder-multiple')}
          </Field>
        </div>
        <SubmitButton className="btn-primary" busy={busy} data-testid="reorder-submit">
          {t('form.submit')}
        </SubmitButton>
      </Form>
    </details>
  )
}
