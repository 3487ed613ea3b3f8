import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { getCategory } from '~/domain/catalog/catalog.queries.server'
import { CategorySchema } from '~/domain/catalog/catalog.validation'
import { updateCategory } from '~/domain/catalog/update-category.server'
import { CodeNameForm } from '~/ui/catalog/code-name-form'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { parseForm } from '~/utils/form.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { inParens } from '~/utils/intl'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const category = await getCategory(actor, args.params.id ?? '')
  if (!category) throw new Response('Not found', { status: 404 })
  return {
    title: await catalogTitle(actor, 'categories.editTitle', { code: category.code }),
    category,
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const parsed = await parseForm(args.request, CategorySchema)
  if (!parsed.ok) return parsed.response
  try {
    await updateCategory(actor, args.params.id ?? '', parsed.value, { ip: args.context.ip })
    return redirectWithToast('/console/categories', { key: 'catalog:toast.categorySaved', params: { code: parsed.value.code } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function CategoryPage() {
  const { category } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation('catalog')
  return (
    <div data-testid="category-page">
      <PageHeader
        title={t('categories.editTitle', { code: category.code })}
        actions={
          <Link to={`/console/products?category=${encodeURIComponent(category.code)}`} className="btn-secondary">
            {t('categories.viewProducts')}
            {inParens(String(category.productCount), i18n.language)}
          </Link>
        }
      />
      <CodeNameForm
        key={category.code}
        kind="categories"
        lastResult={actionData?.submission}
        defaultValue={{ code: category.code, nameEn: category.nameEn, nameZh: category.nameZh }}
        submitLabel={t('common:actions.save')}
      />
    </div>
  )
}
