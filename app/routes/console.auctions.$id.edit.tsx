import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { draftFormValues, supplierOptions } from '~/domain/auction/auction-console.queries.server'
import { AuctionSetupSchema } from '~/domain/auction/auction.validation'
import { updateDraft } from '~/domain/auction/update-draft.server'
import { AuctionSetupForm } from '~/ui/auction/setup-form'
import { titleMeta } from '~/ui/catalog/meta'
import { pageTitle } from '~/ui/page-title.server'
import { PageHeader } from '~/ui/shell'
import { redirectWithToast } from '~/ui/toast.server'
import { replyWithDomainError } from '~/utils/domain-response.server'
import { DomainError } from '~/utils/errors'
import { parseForm } from '~/utils/form.server'
import { timeZoneName } from '~/utils/dates'

export const meta = titleMeta

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  const id = args.params.id ?? ''
  let draft
  try {
    draft = await draftFormValues(actor, id)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw err
  }
  // Settings are locked after publish: only the draft has an edit page.
  if (draft.status !== 'draft') throw new Response('Not found', { status: 404 })
  return {
    title: await pageTitle(actor, 'auction', 'console.edit.title', { title: draft.values.title }),
    id,
    values: draft.values,
    suppliers: await supplierOptions(actor),
    locale: actor.locale,
    timeZone: actor.timeZone,
    // Named once, here: Node and the browser name some zones differently, and the page must hydrate with the server's text.
    zoneLabel: timeZoneName(actor.timeZone, actor.locale),
  }
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireStaff(args, 'auctions.run')
  const id = args.params.id ?? ''
  const parsed = await parseForm(args.request, AuctionSetupSchema)
  if (!parsed.ok) return parsed.response
  try {
    await updateDraft(actor, id, parsed.value, { ip: args.context.ip })
    return redirectWithToast(`/console/auctions/${id}`, 'auction:console.toast.saved')
  } catch (err) {
    return replyWithDomainError(err, parsed.submission)
  }
}

export default function EditAuction() {
  const { id, values, suppliers, locale, timeZone, zoneLabel } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auction')
  return (
    <div data-testid="edit-auction-page">
      <PageHeader
        title={t('console.edit.title', { title: values.title })}
        actions={
          <Link to={`/console/auctions/${id}`} className="btn-secondary">
            {t('console.back')}
          </Link>
        }
      />
      <AuctionSetupForm defaultValue={values} suppliers={suppliers} lastResult={actionData?.submission} submitLabel={t('console.edit.save')} timeZone={timeZone} zoneLabel={zoneLabel} locale={locale} />
    </div>
  )
}
