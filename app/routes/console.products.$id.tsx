import { readFormData } from '~/utils/form.server'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { staffCan } from '~/auth/roles'
import { rateToPercent } from '~/domain/catalog/catalog.rules'
import { categoryOptions, getProduct } from '~/domain/catalog/catalog.queries.server'
import { ProductSaveSchema, ProductStatusSchema } from '~/domain/catalog/catalog.validation'
import { setProductActive } from '~/domain/catalog/set-product-active.server'
import { updateProduct } from '~/domain/catalog/update-product.server'
import { ProductForm } from '~/ui/catalog/product-form'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { parseForm } from '~/utils/form.server'
import { replyWithDomainError } from '~/utils/domain-response.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const product = await getProduct(actor, args.params.id ?? '')
  if (!product) throw new Response('Not found', { status: 404 })
  const categories = await categoryOptions(actor)
  return {
    title: await catalogTitle(actor, 'products.editTitle', { sku: product.sku }),
    product: { ...product, taxPercent: rateToPercent(product.taxRate) },
    categories: categories.map((c) => ({ id: c.id, code: c.code, name: actor.locale === 'en' ? c.nameEn : c.nameZh })),
    canManage: staffCan(actor, 'catalog.manage'),
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const id = args.params.id ?? ''
  const intent = (await readFormData(args.request.clone()))?.get('intent')
  if (intent === 'deactivate' || intent === 'activate') {
    const parsed = await parseForm(args.request, ProductStatusSchema)
    if (!parsed.ok) return parsed.response
    try {
      const active = parsed.value.intent === 'activate'
      await setProductActive(actor, id, active, { ip: args.context.ip })
      const product = await getProduct(actor, id)
      return redirectWithToast(`/console/products/${id}`, { key: active ? 'catalog:toast.productActivated' : 'catalog:toast.productDeactivated', params: { sku: product?.sku ?? '' } })
    } catch (err) {
      return replyWithDomainError(err, parsed.submission)
    }
  }
  const parsed = await parseForm(args.request, ProductSaveSchema)
  if (!parsed.ok) return parsed.response
  const { intent: _intent, ...input } = parsed.value
  try {
    await updateProduct(actor, id, input, { ip: args.context.ip })
    return redirectWithToast(`/console/products/${id}`, { key: 'catalog:toast.productSaved', params: { sku: input.sku } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function ProductPage() {
  const { product, categories, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('catalog')
  return (
    <div data-testid="product-page">
      <PageHeader
        title={t('products.editTitle', { sku: product.sku })}
        actions={
          <span
            className={`inline-flex items-center rounded-full px-2.5 py-1 text-xs font-medium ${product.active ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600'}`}
            data-testid="product-status"
          >
            {product.active ? t('products.active') : t('products.inactive')}
          </span>
        }
      >
        {product.nameZh} · {product.nameEn}
      </PageHeader>
      {canManage ? (
        <>
          <ProductForm
            key={`${product.id}-${product.sku}`}
            categories={categories}
            lastResult={actionData?.submission}
            intent="save"
            defaultValue={{
              sku: product.sku,
              nameEn: product.nameEn,
              nameZh: product.nameZh,
              categoryId: product.categoryId,
              unit: product.unit,
              taxRate: product.taxPercent,
              tracking: product.tracking,
              wholeUnits: product.wholeUnits ? 'whole' : 'decimal',
            }}
            submitLabel={t('common:actions.save')}
          />
          <Form method="post" className="card mt-6 flex max-w-3xl flex-wrap items-center justify-between gap-3 p-5">
            <p className="text-sm text-slate-600">{t('products.deactivateHint')}</p>
            <input type="hidden" name="intent" value={product.active ? 'deactivate' : 'activate'} />
            <button type="submit" className={product.active ? 'btn-danger' : 'btn-secondary'} data-testid="toggle-active">
              {product.active ? t('products.deactivate') : t('products.activate')}
            </button>
          </Form>
        </>
      ) : (
        <dl className="card grid max-w-3xl gap-4 p-5 sm:grid-cols-2" data-testid="product-readonly">
          {(
            [
              ['products.sku', product.sku],
              ['products.category', `${product.categoryCode} · ${product.categoryNameZh} / ${product.categoryNameEn}`],
              ['products.nameEn', product.nameEn],
              ['products.nameZh', product.nameZh],
              ['products.unit', product.unit],
              ['products.taxRate', `${product.taxPercent}%`],
              ['products.tracking', t(`tracking.${product.tracking}`)],
              ['products.quantities', t(`quantityModes.${product.wholeUnits ? 'whole' : 'decimal'}`)],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{t(label)}</dt>
              <dd className="mt-1 text-sm">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  )
}
