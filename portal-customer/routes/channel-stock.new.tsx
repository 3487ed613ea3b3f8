import { unitName } from '~/i18n/units'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireDealer } from '~/auth/guards.server'
import { ownReportedPeriods, ownReportForPeriod, productOptions, reportFormContext, reportingToday } from '~/domain/channel/channel.queries.server'
import { PeriodSchema, reportFormSchema } from '~/domain/channel/channel.validation'
import { submitChannelReport } from '~/domain/channel/submit-channel-report.server'
import { titleMeta } from '~/ui/catalog/meta'
import { ChannelReportForm } from '~/ui/channel/report-form'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'

export const meta = titleMeta

// ?kind=&period= picks the period to start from (its report, when there is one, fills the rows).
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireDealer(args)
  const sp = new URL(args.request.url).searchParams
  const asked = PeriodSchema.safeParse({ kind: sp.get('kind') ?? 'week', period: sp.get('period') ?? '' })
  const period = asked.success ? asked.data : { kind: 'week' as const, period: await reportingToday() }
  const [existing, products, reported] = await Promise.all([ownReportForPeriod(actor, period.kind, period.period), productOptions(), ownReportedPeriods(actor)])
  const en = actor.locale === 'en'
  return {
    title: await pageTitle(actor, 'channel', 'form.title'),
    defaultValue: { kind: period.kind, period: period.period, lines: existing?.lines.map((l) => ({ productId: l.productId, onHand: l.onHand, sold: l.sold })) ?? [] },
    products: products.map((p) => ({ id: p.id, sku: p.sku, name: en ? p.nameEn : p.nameZh, unit: unitName(p.unit, actor.locale) })),
    reported,
    locale: actor.locale,
    timeZone: actor.timeZone,
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireDealer(args)
  // Withdrawn products and a future period are answered with the format's problems, not after them; submitChannelReport checks again in its transaction.
  const parsed = await parseForm(args.request, reportFormSchema(await reportFormContext()))
  if (!parsed.ok) return parsed.response
  try {
    // No `replaces` means the page said the period had no report (an empty field is not posted): one there now is not overwritten unseen.
    const report = await submitChannelReport(actor, { ...parsed.value, replaces: parsed.value.replaces ?? '' }, { ip: args.context.ip })
    return redirectWithToast(`/dealer/channel-stock/${report.id}`, report.replaced ? 'channel:toast.replaced' : 'channel:toast.submitted')
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function NewChannelReport() {
  const { title, defaultValue, products, reported, locale, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('channel')
  return (
    <div data-testid="channel-new">
      <PageHeader
        title={title}
        actions={
          <Link to="/dealer/channel-stock" className="btn-ghost">
            {t('dealer.back')}
          </Link>
        }
      >
        {t('form.intro')}
      </PageHeader>
      <ChannelReportForm
        key={`${defaultValue.kind}|${defaultValue.period}`}
        defaultValue={defaultValue}
        products={products}
        reported={reported}
        lastResult={actionData && 'submission' in actionData ? actionData.submission : null}
        locale={locale}
        timeZone={timeZone}
      />
    </div>
  )
}
