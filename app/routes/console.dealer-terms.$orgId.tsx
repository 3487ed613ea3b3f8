import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { currencyOptions, getDealerTerms, priceTierOptions, salesOwnerOptions } from '~/domain/sales/sales.queries.server'
import { DealerTermsSchema } from '~/domain/sales/sales.validation'
import { setDealerTerms } from '~/domain/sales/set-dealer-terms.server'
import { titleMeta } from '~/ui/catalog/meta'
import { Field, FormError } from '~/ui/form'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.manage')
  const terms = await getDealerTerms(actor, args.params.orgId ?? '')
  if (!terms) throw new Response('Not found', { status: 404 })
  const name = actor.locale === 'en' ? terms.nameEn : terms.nameZh
  const [owners, tiers, currencies] = await Promise.all([salesOwnerOptions(actor), priceTierOptions(), currencyOptions()])
  // An owner no longer among the sales users (deactivated, or moved to another role) is still this dealer's: offered as it
  // is, marked, so that saving the rest of the form keeps it (the select showed "no owner", and saving dropped it).
  const formerOwner = terms.salesOwnerUserId && terms.salesOwnerEligible === false ? { id: terms.salesOwnerUserId, name: terms.salesOwnerName ?? '' } : null
  return { title: await pageTitle(actor, 'sales', 'dealerTerms.editTitle', { name }), terms, name, owners, formerOwner, tiers, currencies }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'pricing.manage')
  const orgId = args.params.orgId ?? ''
  const parsed = await parseForm(args.request, DealerTermsSchema)
  if (!parsed.ok) return parsed.response
  try {
    const { changed } = await setDealerTerms(actor, orgId, parsed.value, { ip: args.context.ip })
    const terms = await getDealerTerms(actor, orgId)
    const name = terms ? (actor.locale === 'en' ? terms.nameEn : terms.nameZh) : ''
    return redirectWithToast('/console/dealer-terms', changed ? { key: 'sales:toast.termsSaved', params: { name } } : 'sales:toast.termsUnchanged')
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function EditDealerTerms() {
  const { terms, name, owners, formerOwner, tiers, currencies } = useLoaderData<typeof loader>()
  // The stored values stay choosable even if no list prices them any more (the server says so on saving).
  const tierChoices = [...new Set([...tiers, ...(terms.priceTier ? [terms.priceTier] : [])])].sort()
  const currencyChoices = [...new Set([...currencies, terms.currency ?? 'CNY'])].sort()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('sales')
  const [form, fields] = useForm({
    lastResult: actionData?.submission,
    defaultValue: {
      priceTier: terms.priceTier ?? '',
      creditLimit: terms.creditLimit ?? '',
      paymentTermsDays: terms.paymentTermsDays === null ? '30' : String(terms.paymentTermsDays),
      salesOwnerUserId: terms.salesOwnerUserId ?? '',
      currency: terms.currency ?? 'CNY',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DealerTermsSchema }),
    shouldValidate: 'onSubmit',
  })
  return (
    <div data-testid="dealer-terms-edit">
      <PageHeader title={t('dealerTerms.editTitle', { name })}>
        <span className="font-mono">{terms.code}</span>
      </PageHeader>
      <Form method="post" {...getFormProps(form)} className="card max-w-xl space-y-4 p-5">
        <FormError errors={form.errors} />
        <Field label={t('dealerTerms.tier')} meta={fields.priceTier} hint={t('dealerTerms.tierHint')}>
          <select {...getSelectProps(fields.priceTier)} className="input font-mono" data-testid="terms-tier-input">
            <option value="">{t('dealerTerms.chooseTier')}</option>
            {tierChoices.map((tier) => (
              <option key={tier} value={tier}>
                {tier}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('dealerTerms.creditLimit')} meta={fields.creditLimit}>
          <input {...getInputProps(fields.creditLimit, { type: 'text' })} inputMode="decimal" className="input" autoComplete="off" data-testid="terms-credit-input" />
        </Field>
        <Field label={t('dealerTerms.currency')} meta={fields.currency}>
          <select {...getSelectProps(fields.currency)} className="input font-mono" data-testid="terms-currency">
            {currencyChoices.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('dealerTerms.paymentTermsDays')} meta={fields.paymentTermsDays}>
          <input {...getInputProps(fields.paymentTermsDays, { type: 'number' })} min={0} max={365} className="input" />
        </Field>
        <Field label={t('dealerTerms.salesOwner')} meta={fields.salesOwnerUserId}>
          <select {...getSelectProps(fields.salesOwnerUserId)} className="input">
            <option value="">{t('dealerTerms.noOwner')}</option>
            {formerOwner ? (
              <option value={formerOwner.id} data-testid="former-owner">
                {t('dealerTerms.formerOwner', { name: formerOwner.name })}
              </option>
            ) : null}
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} · {o.email}
              </option>
            ))}
          </select>
        </Field>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary" data-testid="terms-save">
            {t('dealerTerms.save')}
          </button>
          <Link to="/console/dealer-terms" className="btn-ghost">
            {t('common:actions.back')}
          </Link>
        </div>
      </Form>
    </div>
  )
}
