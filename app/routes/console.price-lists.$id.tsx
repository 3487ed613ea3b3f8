import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { formatQuantity } from '~/domain/inventory/stock.rules'
import { formatUnitPrice } from '~/domain/sales/pricing.rules'
import { priceCoverage } from '~/domain/sales/price-coverage.server'
import { updatePriceList } from '~/domain/sales/save-price-list.server'
import { getPriceList, type PriceItemRow } from '~/domain/sales/sales.queries.server'
import { PriceItemSchema, priceItemListOptions, PriceListSaveSchema, RemovePriceItemSchema } from '~/domain/sales/sales.validation'
import { removePriceListItem, setPriceListItem } from '~/domain/sales/set-price-list-item.server'
import { titleMeta } from '~/ui/catalog/meta'
import { DataTable, type Column } from '~/ui/data-table'
import { Field, FormError } from '~/ui/form'
import { pageTitle } from '~/ui/page-title.server'
import { PriceCoverageWarnings } from '~/ui/sales/price-coverage'
import { PriceListForm } from '~/ui/sales/price-list-form'
import { validity } from '~/ui/sales/validity'
import { PageHeader } from '~/ui/shell'
import { ManagersChange } from '~/ui/sales/managers-change'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm, readFormData } from '~/utils/form.server'
import { parseListParams } from '~/utils/list-params'
import { unitName } from '~/i18n/units'
import { useRevalidateOn } from '~/realtime/client'
import { useKeptActionData } from '~/ui/kept-action-data'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.view')
  const items = parseListParams(new URL(args.request.url), priceItemListOptions)
  const [list, coverage] = await Promise.all([getPriceList(actor, args.params.id ?? '', items), priceCoverage(actor)])
  if (!list) throw new Response('Not found', { status: 404 })
  return {
    title: await pageTitle(actor, 'sales', 'priceLists.editTitle', { code: list.code }),
    list,
    items,
    // How long the list's own tier and currency stay priced (nothing when no dealer orders in them).
    coverage: coverage.filter((c) => c.tier === list.tier && c.currency === list.currency),
    locale: actor.locale,
    canManage: staffCan(actor, 'pricing.manage'),
  }
}

/** The page's search, sort and page as the form was posted from them (Remix posts to the page's own URL): a saved price keeps the reader where they were. */
function listState(url: string) {
  const kept = new URLSearchParams([...new URL(url).searchParams].filter(([k]) => ['q', 'page', 'sort', 'dir'].includes(k)))
  return kept.size ? `?${kept}` : ''
}

/** One page, three forms: the list itself, setting a price, removing one. Each answers under its own key. */
export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.manage')
  const id = args.params.id ?? ''
  const meta = { ip: args.context.ip }
  const here = `/console/price-lists/${id}`
  const back = `${here}${listState(args.request.url)}`
  const intent = (await readFormData(args.request.clone()))?.get('intent')

  if (intent === 'setItem') {
    const parsed = await parseForm(args.request, PriceItemSchema)
    if (!parsed.ok) return data({ form: 'setItem' as const, ...parsed.response.data }, { status: 400 })
    const { intent: _i, ...input } = parsed.value
    try {
      await setPriceListItem(actor, id, input, meta)
      return redirectWithToast(back, { key: 'sales:toast.itemSet', params: { sku: input.sku } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'setItem' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  if (intent === 'removeItem') {
    const parsed = await parseForm(args.request, RemovePriceItemSchema)
    if (!parsed.ok) return data({ form: 'removeItem' as const, ...parsed.response.data }, { status: 400 })
    try {
      // The toast names the price gone, and a break by its quantity: "Price removed" left the reader to find which row was missing.
      const { sku, minQty } = await removePriceListItem(actor, id, parsed.value.itemId, meta)
      return redirectWithToast(back, minQty === '1' ? { key: 'sales:toast.itemRemoved', params: { sku } } : { key: 'sales:toast.breakRemoved', params: { sku, minQty } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'removeItem' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  const parsed = await parseForm(args.request, PriceListSaveSchema)
  if (!parsed.ok) return data({ form: 'save' as const, ...parsed.response.data }, { status: 400 })
  const { intent: _i, ...input } = parsed.value
  try {
    await updatePriceList(actor, id, input, meta)
    return redirectWithToast(here, { key: 'sales:toast.priceListSaved', params: { code: input.code } })
  } catch (err) {
    const reply = replyWithDomainError(err, parsed.submission)
    return data({ form: 'save' as const, ...reply.data }, reply.init ?? undefined)
  }
}

export default function PriceListPage() {
  const { list, items, coverage, locale, canManage } = useLoaderData<typeof loader>()
  // Kept through a live refetch: a colleague's edit must not wipe this form's refusal.
  const actionData = useKeptActionData<typeof action>()
  const { t } = useTranslation('sales')
  const en = locale === 'en'
  // Two managers on one list see each other's prices, breaks and dates as they are saved.
  useRevalidateOn('prices:changed', ({ priceListId }) => priceListId === list.id, 300)
  // Another list's dates (its tier's coverage) or a dealer's terms move the coverage shown here.
  useRevalidateOn('prices:changed', ({ priceListId, productIds }) => priceListId !== list.id && productIds === null, 1000)
  useRevalidateOn('dealer:termsChanged', () => true, 1000)
  // On a phone a card per item: the product across the top, the SKU and the remove button under it, then the break and its price.
  const columns: Column<PriceItemRow>[] = [
    { key: 'sku', label: t('priceLists.sku'), sortable: true, className: 'font-mono whitespace-nowrap', render: (i) => i.sku },
    { key: 'product', label: t('priceLists.product'), cardClassName: 'max-sm:col-span-2 max-sm:order-first', render: (i) => (en ? i.nameEn : i.nameZh) },
    {
      key: 'minQty',
      label: t('priceLists.minQty'),
      className: 'text-right tabular-nums',
      cardClassName: 'max-sm:order-last',
      cardLabel: true,
      render: (i) => `≥ ${formatQuantity(i.minQty, locale)} ${unitName(i.unit, locale, i.minQty)}`,
    },
    {
      key: 'unitPrice',
      label: t('priceLists.unitPrice'),
      className: 'text-right tabular-nums',
      cardClassName: 'max-sm:order-last',
      cardLabel: true,
      render: (i) => <span data-testid="price-item-price">{formatUnitPrice(i.unitPrice, list.currency, locale)}</span>,
    },
  ]
  if (canManage)
    columns.push({
      key: 'actions',
      label: t('common:table.actions'),
      hiddenLabel: true,
      className: 'text-right',
      cardClassName: 'max-sm:justify-self-end',
      render: (i) => (
        <Form method="post">
          <input type="hidden" name="intent" value="removeItem" />
          <input type="hidden" name="itemId" value={i.id} />
          <button type="submit" className="btn-ghost whitespace-nowrap px-2 py-0.5 text-xs" aria-label={t('priceLists.removeItem', { sku: i.sku, qty: i.minQty })}>
            {t('priceLists.remove')}
          </button>
        </Form>
      ),
    })
  return (
    <div data-testid="price-list-page">
      <PageHeader
        title={t('priceLists.editTitle', { code: list.code })}
        actions={
          <>
            <a href={`/console/price-lists/${list.id}/export?format=xlsx`} className="btn-secondary" download data-testid="pl-export">
              {t('priceLists.export')}
            </a>
            {canManage ? (
              <Link to={`/console/price-lists/${list.id}/import`} className="btn-secondary" data-testid="pl-import">
                {t('priceLists.import')}
              </Link>
            ) : null}
          </>
        }
      >
        {en ? list.nameEn : list.nameZh} · {t('priceLists.tier')} <span className="font-mono">{list.tier}</span> · {validity(list, locale, t('priceLists.openEnded'))}
        <ManagersChange canManage={canManage} />
      </PageHeader>
      <PriceCoverageWarnings rows={coverage} locale={locale} table={false} />
      {canManage ? (
        <div className="mb-6">
          <PriceListForm
            key={`${list.code}${list.validFrom}${list.validTo}`}
            defaultValue={{ code: list.code, nameEn: list.nameEn, nameZh: list.nameZh, tier: list.tier, currency: list.currency, validFrom: list.validFrom, validTo: list.validTo ?? '' }}
            lastResult={actionData?.form === 'save' ? actionData.submission : undefined}
            submitLabel={t('priceLists.save')}
          />
        </div>
      ) : null}
      {/* Not a region: the table's scroller is one, with the same name (axe landmark-unique). */}
      <section data-testid="price-items">
        <h2 id="items-title" className="mb-2 text-base font-semibold">
          {t('priceLists.itemsTitle')}
        </h2>
        {actionData?.form === 'removeItem' ? <FormError errors={actionData.submission?.error?.[''] ?? undefined} /> : null}
        {canManage ? (
          <div className="card mb-4 p-4">
            <SetItemForm lastResult={actionData?.form === 'setItem' ? actionData.submission : undefined} />
          </div>
        ) : null}
        <DataTable
          testId="price-items-table"
          label={t('priceLists.itemsTitle')}
          rowTestId="price-item"
          columns={columns}
          rows={list.itemRows}
          total={list.itemTotal}
          params={items}
          rowKey={(i) => i.id}
          searchLabel={t('priceLists.searchItems')}
          emptyText={t('priceLists.noItems')}
          phoneCards
        />
      </section>
    </div>
  )
}

function SetItemForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation('sales')
  const [form, fields] = useForm({ id: 'set-item', lastResult, defaultValue: { minQty: '1' }, onValidate: ({ formData }) => parseWithZod(formData, { schema: PriceItemSchema }), shouldValidate: 'onSubmit' })
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3" aria-label={t('priceLists.setItemTitle')} data-testid="set-item-form">
      <input type="hidden" name="intent" value="setItem" />
      <FormError errors={form.errors} />
      <div className="w-40">
        <Field label={t('priceLists.sku')} meta={fields.sku}>
          <input {...getInputProps(fields.sku, { type: 'text' })} className="input font-mono" autoComplete="off" data-testid="item-sku" />
        </Field>
      </div>
      <div className="w-32">
        <Field label={t('priceLists.minQty')} meta={fields.minQty}>
          <input {...getInputProps(fields.minQty, { type: 'text' })} inputMode="decimal" className="input" data-testid="item-min-qty" />
        </Field>
      </div>
      <div className="w-36">
        <Field label={t('priceLists.unitPrice')} meta={fields.unitPrice}>
          <input {...getInputProps(fields.unitPrice, { type: 'text' })} inputMode="decimal" className="input" data-testid="item-price" />
        </Field>
      </div>
      <button type="submit" className="btn-primary" data-testid="item-save">
        {t('priceLists.setItem')}
      </button>
      <p className="w-full text-xs text-slate-500">{t('priceLists.setItemHint')}</p>
    </Form>
  )
}
