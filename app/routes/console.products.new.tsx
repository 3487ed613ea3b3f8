import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { categoryOptions } from '~/domain/catalog/catalog.queries.server'
import { ProductSchema } from '~/domain/catalog/catalog.validation'
import { createProduct } from '~/domain/catalog/create-product.server'
import { ProductForm } from '~/ui/catalog/product-form'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { parseForm } from '~/utils/form.server'
import { replyWithDomainError } from '~/utils/domain-response.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const categories = await categoryOptions(actor)
  return {
    title: await catalogTitle(actor, 'products.newTitle'),
    categories: categories.map((c) => ({ id: c.id, code: c.code, name: actor.locale === 'en' ? c.nameEn : c.nameZh })),
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const parsed = await parseForm(args.request, ProductSchema)
  if (!parsed.ok) return parsed.response
  try {
    const { id } = await createProduct(actor, parsed.value, { ip: args.context.ip })
    return redirectWithToast(`/console/products/${id}`, { key: 'catalog:toast.productCreated', params: { sku: parsed.value.sku } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function NewProduct() {
  const { categories } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('catalog')
  return (
    <div data-testid="new-product-page">
      <PageHeader title={t('products.newTitle')} />
      <ProductForm categories={categories} lastResult={actionData?.submission} defaultValue={{ tracking: 'none', taxRate: '13', wholeUnits: 'whole' }} submitLabel={t('common:actions.create')} />
    </div>
  )
}
