import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { linesFromProducts, productOptions, supplierOptions } from '~/domain/auction/auction-console.queries.server'
import { DEFAULT_SETTINGS } from '~/domain/auction/auction.rules'
import { AuctionSetupSchema } from '~/domain/auction/auction.validation'
import { createAuction } from '~/domain/auction/create-auction.server'
import { AuctionSetupForm, type SetupDefaults } from '~/ui/auction/setup-form'
import { unitName } from '~/i18n/units'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { parseForm } from '~/utils/form.server'
import { timeZoneName } from '~/utils/dates'
import { inParens } from '~/utils/intl'

export const meta = titleMeta

/** A new auction's defaults: the rules' defaults, starting at the next full hour, one hour long. */
function newDefaults(lines: SetupDefaults['lines']): SetupDefaults {
  const start = new Date(Math.ceil((Date.now() + 60_000) / 3_600_000) * 3_600_000)
  const plus = (h: number) => new Date(start.getTime() + h * 3_600_000).toISOString()
  return {
    title: '',
    description: '',
    currency: DEFAULT_SETTINGS.currency,
    lines: lines.length ? lines : [{ productId: '', description: '', quantity: '1', unit: 'pcs' }],
    participantIds: [],
    ceiling: '',
    reserve: '',
    // Not known from the products: the buyer types the price last paid, if any.
    lastPurchasePrice: '',
    decrementAmount: '',
    decrementPercent: DEFAULT_SETTINGS.decrement.percent,
    mustBeatBest: 'on',
    maxSingleDropPercent: DEFAULT_SETTINGS.maxSingleDropPercent,
    startsAt: start.toISOString(),
    endsAt: plus(1),
    hardStopAt: plus(2),
    softCloseWindowSeconds: String(DEFAULT_SETTINGS.softClose.windowSeconds),
    softCloseExtensionSeconds: String(DEFAULT_SETTINGS.softClose.extensionSeconds),
    softCloseTrigger: DEFAULT_SETTINGS.softClose.trigger,
    softCloseMaxExtensions: String(DEFAULT_SETTINGS.softClose.maxExtensions),
    visibility: DEFAULT_SETTINGS.visibility,
    minParticipants: String(DEFAULT_SETTINGS.minParticipants),
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  const picked = new URL(args.request.url).searchParams.getAll('product')
  const [suppliers, products, lines] = await Promise.all([supplierOptions(actor), productOptions(actor), linesFromProducts(actor, picked)])
  return {
    title: await pageTitle(actor, 'auction', 'console.new.title'),
    suppliers,
    products,
    picked: lines.map((l) => l.productId),
    defaults: newDefaults(lines),
    locale: actor.locale,
    timeZone: actor.timeZone,
    // Named once, here: Node and the browser name some zones differently, and the page must hydrate with the server's text.
    zoneLabel: timeZoneName(actor.timeZone, actor.locale),
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  const parsed = await parseForm(args.request, AuctionSetupSchema)
  if (!parsed.ok) return parsed.response
  try {
    const { id } = await createAuction(actor, parsed.value, { ip: args.context.ip })
    return redirectWithToast(`/console/auctions/${id}`, { key: 'auction:console.toast.created', params: { title: parsed.value.title } })
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function NewAuction() {
  const { suppliers, products, picked, defaults, locale, timeZone, zoneLabel } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { search } = useLocation()
  const { t } = useTranslation('auction')
  return (
    <div data-testid="new-auction-page">
      <PageHeader title={t('console.new.title')}>{t('console.new.intro')}</PageHeader>
      <details className="card mb-6 p-4" data-testid="from-products">
        <summary className="cursor-pointer text-sm font-medium">{t('console.new.fromProducts')}</summary>
        <Form method="get" className="mt-3">
          <ul className="grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2">
            {products.map((p) => (
              <li key={p.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="product" value={p.id} defaultChecked={picked.includes(p.id)} data-testid={`product-${p.sku}`} />
                  <span className="font-mono text-xs">{p.sku}</span> {p.name}
                  {/* Full-width brackets in Chinese: (件) read as English punctuation beside a Chinese name. */}
                  <span className="text-xs text-slate-500" data-testid="product-unit">{inParens(unitName(p.unit, locale), locale)}</span>
                </label>
              </li>
            ))}
          </ul>
          <button type="submit" className="btn-secondary mt-3" data-testid="use-products">
            {t('console.new.useProducts')}
          </button>
        </Form>
      </details>
      <AuctionSetupForm
        key={search}
        defaultValue={defaults}
        suppliers={suppliers}
        lastResult={actionData?.submission}
        submitLabel={t('console.new.create')}
        timeZone={timeZone}
        zoneLabel={zoneLabel}
        locale={locale}
      />
    </div>
  )
}
