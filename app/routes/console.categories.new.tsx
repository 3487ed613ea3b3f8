import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { CategorySchema } from '~/domain/catalog/catalog.validation'
import { createCategory } from '~/domain/catalog/create-category.server'
import { CodeNameForm } from '~/ui/catalog/code-name-form'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { parseForm } from '~/utils/form.server'
import { replyWithDomainError } from '~/utils/domain-response.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  return { title: await catalogTitle(actor, 'categories.newTitle') }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const parsed = await parseForm(args.request, CategorySchema)
  if (!parsed.ok) return parsed.response
  try {
    await createCategory(actor, parsed.value, { ip: args.context.ip })
    return redirectWithToast('/console/categories', { key: 'catalog:toast.categoryCreated', params: { code: parsed.value.code } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function NewCategory() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('catalog')
  return (
    <div data-testid="new-category-page">
      <PageHeader title={t('categories.newTitle')} />
      <CodeNameForm kind="categories" lastResult={actionData?.submission} submitLabel={t('common:actions.create')} />
    </div>
  )
}
