import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useKeptActionData } from '~/ui/kept-action-data'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { staffCan } from '~/auth/roles'
import { adjustStock } from '~/domain/inventory/adjust-stock.server'
import { countStock } from '~/domain/inventory/count-stock.server'
import { getProductStock, warehouseOptions } from '~/domain/inventory/inventory.queries.server'
import { AdjustStockSchema, CountStockSchema, TransferStockSchema } from '~/domain/inventory/inventory.validation'
import { formatQuantity, isOpeningBalance } from '~/domain/inventory/stock.rules'
import { transferStock } from '~/domain/inventory/transfer-stock.server'
import { useSocketEvent } from '~/realtime/client'
import { titleMeta } from '~/ui/catalog/meta'
import { AdjustForm, CountForm, TransferForm } from '~/ui/inventory/stock-forms'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { formatDateTime } from '~/utils/dates'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm, readFormData } from '~/utils/form.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.view')
  const stock = await getProductStock(actor, args.params.productId ?? '')
  if (!stock) throw new Response('Not found', { status: 404 })
  const canManage = staffCan(actor, 'inventory.manage')
  const en = actor.locale === 'en'
  return {
    title: await pageTitle(actor, 'inventory', 'product.title', { sku: stock.product.sku }),
    stock,
    locale: actor.locale,
    timeZone: actor.timeZone,
    canManage,
    canSeeProduct: staffCan(actor, 'catalog.view'),
    warehouses: canManage ? (await warehouseOptions(actor)).map((w) => ({ id: w.id, code: w.code, name: en ? w.nameEn : w.nameZh, bins: w.bins })) : [],
  }
}

/** One page, three forms (adjust, transfer, count); each answers under its own key. */
export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'inventory.manage')
  const productId = args.params.productId ?? ''
  const meta = { ip: args.context.ip }
  const here = `/console/inventory/${productId}`
  const intent = (await readFormData(args.request.clone()))?.get('intent')
  const stock = await getProductStock(actor, productId)
  if (!stock) throw new Response('Not found', { status: 404 })
  const sku = stock.product.sku

  if (intent === 'transfer') {
    const parsed = await parseForm(args.request, TransferStockSchema)
    if (!parsed.ok) return data({ form: 'transfer' as const, ...parsed.response.data }, { status: 400 })
    const { intent: _i, ...input } = parsed.value
    try {
      await transferStock(actor, { ...input, productId }, meta)
      return redirectWithToast(here, { key: 'inventory:toast.transferred', params: { sku } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'transfer' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  if (intent === 'count') {
    const parsed = await parseForm(args.request, CountStockSchema)
    if (!parsed.ok) return data({ form: 'count' as const, ...parsed.response.data }, { status: 400 })
    const { intent: _i, ...input } = parsed.value
    try {
      const res = await countStock(actor, { ...input, productId }, meta)
      return redirectWithToast(here, { key: res.difference ? 'inventory:toast.counted' : 'inventory:toast.countUnchanged', params: { sku } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'count' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  const parsed = await parseForm(args.request, AdjustStockSchema)
  if (!parsed.ok) return data({ form: 'adjust' as const, ...parsed.response.data }, { status: 400 })
  const { intent: _i, ...input } = parsed.value
  try {
    await adjustStock(actor, { ...input, productId }, meta)
    return redirectWithToast(here, { key: 'inventory:toast.adjusted', params: { sku } })
  } catch (err) {
    const reply = replyWithDomainError(err, parsed.submission)
    return data({ form: 'adjust' as const, ...reply.data }, reply.init ?? undefined)
  }
}

export default function ProductStockPage() {
  const { stock, locale, timeZone, canManage, canSeeProduct, warehouses } = useLoaderData<typeof loader>()
  const actionData = useKeptActionData<typeof action>()
  const { t } = useTranslation('inventory')
  const { product, balances, moves, movesTotal } = stock
  const qty = (s: string) => formatQuantity(s, locale)
  const revalidator = useRevalidator()
  useSocketEvent('stock:changed', ({ productIds }) => {
    if (productIds.includes(product.id) && revalidator.state === 'idle') revalidator.revalidate()
  })
  const resultFor = (form: 'adjust' | 'transfer' | 'count') => (actionData?.form === form ? actionData.submission : undefined)
  return (
    <div data-testid="product-stock-page">
      <PageHeader
        title={t('product.title', { sku: product.sku })}
        actions={
          <>
            <Link to="/console/inventory" className="btn-ghost">
              {t('product.backToList')}
            </Link>
            {canSeeProduct ? (
              <Link to={`/console/products/${product.id}`} className="btn-secondary">
                {t('product.productPage')}
              </Link>
            ) : null}
          </>
        }
      >
        {locale === 'en' ? product.nameEn : product.nameZh} · {product.unit}
      </PageHeader>

      <section className="card mb-6 overflow-x-auto" aria-labelledby="balances-title" data-testid="balances">
        <h2 id="balances-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
          {t('product.balances')}
        </h2>
        {balances.length ? (
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2">{t('col.warehouse')}</th>
                <th className="px-4 py-2">{t('col.bin')}</th>
                <th className="px-4 py-2">{t('col.batch')}</th>
                <th className="px-4 py-2 text-right">{t('col.onHand')}</th>
                <th className="px-4 py-2 text-right">{t('col.reserved')}</th>
                <th className="px-4 py-2 text-right">{t('col.available')}</th>
              </tr>
            </thead>
            <tbody>
              {balances.map((b) => (
                <tr key={b.id} className="border-t border-slate-100" data-testid="balance-row" data-warehouse={b.warehouseCode} data-bin={b.binCode ?? ''}>
                  <td className="px-4 py-2 font-mono">{b.warehouseCode}</td>
                  <td className="px-4 py-2 font-mono">{b.binCode ?? '—'}</td>
                  <td className="px-4 py-2 font-mono">{b.batch ?? '—'}</td>
                  <td className="px-4 py-2 text-right tabular-nums" data-testid="balance-on-hand">
                    {qty(b.onHand)}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{qty(b.reserved)}</td>
                  <td className="px-4 py-2 text-right tabular-nums" data-testid="balance-available">
                    {qty(b.available)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="px-4 py-3 text-sm text-slate-500">{t('product.noBalances')}</p>
        )}
      </section>

      {canManage ? (
        <div className="mb-6 grid gap-4 lg:grid-cols-3">
          <AdjustForm warehouses={warehouses} lastResult={resultFor('adjust')} />
          <TransferForm warehouses={warehouses} lastResult={resultFor('transfer')} />
          <CountForm warehouses={warehouses} lastResult={resultFor('count')} />
        </div>
      ) : null}

      <section className="card overflow-x-auto" aria-labelledby="moves-title" data-testid="moves">
        <h2 id="moves-title" className="border-b border-slate-100 px-4 py-3 text-base font-semibold">
          {t('product.moves')} <span className="text-sm font-normal text-slate-500">({t('product.movesCount', { count: movesTotal })})</span>
        </h2>
        {moves.length ? (
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2">{t('moves.when')}</th>
                <th className="px-4 py-2">{t('moves.kind')}</th>
                <th className="px-4 py-2">{t('col.warehouse')}</th>
                <th className="px-4 py-2">{t('col.bin')}</th>
                <th className="px-4 py-2">{t('col.batch')}</th>
                <th className="px-4 py-2 text-right">{t('moves.quantity')}</th>
                <th className="px-4 py-2">{t('moves.reason')}</th>
                <th className="px-4 py-2">{t('moves.by')}</th>
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.id} className="border-t border-slate-100" data-testid="move-row">
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600">{formatDateTime(m.createdAt, locale, timeZone)}</td>
                  <td className="px-4 py-2" data-testid="move-kind">
                    {t(`kinds.${m.kind}`)}
                  </td>
                  <td className="px-4 py-2 font-mono">{m.warehouseCode}</td>
                  <td className="px-4 py-2 font-mono">{m.binCode ?? '—'}</td>
                  <td className="px-4 py-2 font-mono">{m.batch ?? '—'}</td>
                  <td className={`px-4 py-2 text-right tabular-nums ${m.quantity.startsWith('-') ? 'text-rose-700' : 'text-emerald-700'}`} data-testid="move-quantity">
                    {m.quantity.startsWith('-') ? '' : '+'}
                    {qty(m.quantity)}
                  </td>
                  <td className="px-4 py-2" data-testid="move-reason">
                    {isOpeningBalance(m) ? t('moves.openingBalance') : m.reason}
                  </td>
                  <td className="px-4 py-2 text-slate-600">{m.actorName ?? t('moves.system')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="px-4 py-3 text-sm text-slate-500">{t('product.noMoves')}</p>
        )}
      </section>
    </div>
  )
}
