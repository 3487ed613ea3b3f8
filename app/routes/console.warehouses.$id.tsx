import { readFormData } from '~/utils/form.server'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { titleMeta } from '~/ui/catalog/meta'
import { catalogTitle } from '~/ui/catalog/title.server'
import { staffCan } from '~/auth/roles'
import { addBin } from '~/domain/catalog/add-bin.server'
import { getWarehouse } from '~/domain/catalog/catalog.queries.server'
import { AddBinSchema, RemoveBinSchema, WarehouseSaveSchema } from '~/domain/catalog/catalog.validation'
import { removeBin } from '~/domain/catalog/remove-bin.server'
import { updateWarehouse } from '~/domain/catalog/update-warehouse.server'
import { CodeNameForm } from '~/ui/catalog/code-name-form'
import { Field, FormError } from '~/ui/form'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { parseForm } from '~/utils/form.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { inParens } from '~/utils/intl'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.view')
  const warehouse = await getWarehouse(actor, args.params.id ?? '')
  if (!warehouse) throw new Response('Not found', { status: 404 })
  return {
    title: await catalogTitle(actor, 'warehouses.editTitle', { code: warehouse.code }),
    warehouse,
    canManage: staffCan(actor, 'catalog.manage'),
  }
}

/** One page, three forms: the warehouse itself, adding a bin, removing one. Each answers under its own key. */
export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'catalog.manage')
  const id = args.params.id ?? ''
  const meta = { ip: args.context.ip }
  const intent = (await readFormData(args.request.clone()))?.get('intent')
  const here = `/console/warehouses/${id}`

  if (intent === 'addBin') {
    const parsed = await parseForm(args.request, AddBinSchema)
    if (!parsed.ok) return data({ form: 'addBin' as const, ...parsed.response.data }, { status: 400 })
    try {
      await addBin(actor, id, parsed.value.code, meta)
      return redirectWithToast(here, { key: 'catalog:toast.binAdded', params: { code: parsed.value.code } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'addBin' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  if (intent === 'removeBin') {
    const parsed = await parseForm(args.request, RemoveBinSchema)
    if (!parsed.ok) return data({ form: 'removeBin' as const, ...parsed.response.data }, { status: 400 })
    try {
      const code = await removeBin(actor, id, parsed.value.binId, meta)
      return redirectWithToast(here, { key: 'catalog:toast.binRemoved', params: { code } })
    } catch (err) {
      const reply = replyWithDomainError(err, parsed.submission)
      return data({ form: 'removeBin' as const, ...reply.data }, reply.init ?? undefined)
    }
  }
  const parsed = await parseForm(args.request, WarehouseSaveSchema)
  if (!parsed.ok) return data({ form: 'save' as const, ...parsed.response.data }, { status: 400 })
  const { intent: _intent, ...input } = parsed.value
  try {
    await updateWarehouse(actor, id, input, meta)
    return redirectWithToast(here, { key: 'catalog:toast.warehouseSaved', params: { code: input.code } })
  } catch (err) {
    const reply = replyWithDomainError(err, parsed.submission)
    return data({ form: 'save' as const, ...reply.data }, reply.init ?? undefined)
  }
}

export default function WarehousePage() {
  const { warehouse, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation('catalog')
  return (
    <div data-testid="warehouse-page">
      <PageHeader title={t('warehouses.editTitle', { code: warehouse.code })}>
        {warehouse.nameZh} · {warehouse.nameEn}
      </PageHeader>
      {canManage ? (
        <CodeNameForm
          key={warehouse.code}
          kind="warehouses"
          intent="save"
          lastResult={actionData?.form === 'save' ? actionData.submission : undefined}
          defaultValue={{ code: warehouse.code, nameEn: warehouse.nameEn, nameZh: warehouse.nameZh, address: warehouse.address }}
          submitLabel={t('common:actions.save')}
        />
      ) : (
        <p className="card max-w-3xl p-5 text-sm text-slate-600">{warehouse.address ?? '—'}</p>
      )}
      <section className="card mt-6 max-w-3xl p-5" aria-labelledby="bins-title" data-testid="bins">
        <h2 id="bins-title" className="mb-3 text-base font-semibold">
          {t('warehouses.bins')}
          <span className="text-sm font-normal text-slate-500">{inParens(t('warehouses.binCount', { count: warehouse.bins.length }), i18n.language)}</span>
        </h2>
        {actionData?.form === 'removeBin' ? <FormError errors={actionData.submission?.error?.[''] ?? undefined} /> : null}
        {warehouse.bins.length ? (
          <ul className="mb-4 flex flex-wrap gap-2">
            {warehouse.bins.map((b) => (
              <li key={b.id} className="flex items-center gap-1 rounded-md border border-slate-200 py-1 pl-2 pr-1 font-mono text-sm" data-testid="bin">
                {b.code}
                {canManage ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="removeBin" />
                    <input type="hidden" name="binId" value={b.id} />
                    <button type="submit" className="btn-ghost min-w-6 justify-center px-1.5 py-0.5 text-xs" aria-label={t('warehouses.removeBin', { code: b.code })} data-testid={`remove-bin-${b.code}`}>
                      <span aria-hidden>✕</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mb-4 text-sm text-slate-500">{t('warehouses.noBins')}</p>
        )}
        {canManage ? <AddBinForm lastResult={actionData?.form === 'addBin' ? actionData.submission : undefined} /> : null}
      </section>
    </div>
  )
}

function AddBinForm({ lastResult }: { lastResult?: Parameters<typeof useForm>[0]['lastResult'] }) {
  const { t } = useTranslation('catalog')
  const [form, fields] = useForm({
    id: 'add-bin',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddBinSchema }),
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-2" data-testid="add-bin-form">
      <input type="hidden" name="intent" value="addBin" />
      <div className="w-48">
        <Field label={t('warehouses.binCode')} meta={fields.code}>
          <input {...getInputProps(fields.code, { type: 'text' })} className="input font-mono" autoComplete="off" data-testid="bin-code" />
        </Field>
      </div>
      <button type="submit" className="btn-secondary" data-testid="add-bin">
        {t('warehouses.addBin')}
      </button>
    </Form>
  )
}
