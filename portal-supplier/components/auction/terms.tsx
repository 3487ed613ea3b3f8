import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { AuctionSettings, Instant } from '~/domain/auction/auction.rules'
import { durationText } from '~/domain/auction/auction-terms-text'
import { ActionTokenField, useErrorText } from '~/ui/form'
import { formatDateTime } from '~/utils/dates'
import { formatMoney } from '~/utils/money'
import { formatPercent } from '~/utils/percent'
import { SubmitButton } from '~/ui/submit-button'

/**
 * The rules a supplier agrees to, field by field from the settings (never spread): the reserve
 * has no path into it, so the terms shown to a supplier cannot leak the buyer's target.
 */
export interface SupplierAuctionTerms {
  currency: string
  ceiling: string
  decrementAmount: string | null
  decrementPercent: string | null
  mustBeatBest: boolean
  maxSingleDropPercent: string
  startsAt: Instant
  endsAt: Instant
  softCloseWindowSeconds: number
  softCloseExtensionSeconds: number
  softCloseTrigger: AuctionSettings['softClose']['trigger']
  softCloseMaxExtensions: number | null
  hardStopAt: Instant
  visibility: AuctionSettings['visibility']
}

export function supplierTerms(settings: AuctionSettings, hardStopAt: Instant): SupplierAuctionTerms {
  return {
    currency: settings.currency,
    ceiling: settings.ceiling,
    decrementAmount: settings.decrement.amount,
    decrementPercent: settings.decrement.percent,
    mustBeatBest: settings.mustBeatBest,
    maxSingleDropPercent: settings.maxSingleDropPercent,
    startsAt: settings.startsAt,
    endsAt: settings.endsAt,
    softCloseWindowSeconds: settings.softClose.windowSeconds,
    softCloseExtensionSeconds: settings.softClose.extensionSeconds,
    softCloseTrigger: settings.softClose.trigger,
    softCloseMaxExtensions: settings.softClose.maxExtensions,
    hardStopAt,
    visibility: settings.visibility,
  }
}

export function useDuration() {
  const { t } = useTranslation('auction')
  return (seconds: number) => durationText(t, seconds)
}

/** The auction's rules in plain words, in the order a supplier meets them while bidding. */
export function AuctionTermsList({ terms, locale, timeZone }: { terms: SupplierAuctionTerms; locale: string; timeZone?: string }) {
  const { t } = useTranslation('auction')
  const duration = useDuration()
  const money = (a: string) => formatMoney(a, terms.currency, locale)
  const when = (i: string) => formatDateTime(i, locale, timeZone)
  const percent = (p: string) => formatPercent(p, locale)
  const decrement =
    terms.decrementAmount && terms.decrementPercent
      ? t('portal.terms.decrementBoth', { amount: money(terms.decrementAmount), percent: percent(terms.decrementPercent) })
      : terms.decrementAmount
        ? t('portal.terms.decrementAmount', { amount: money(terms.decrementAmount) })
        : t('portal.terms.decrementPercent', { percent: percent(terms.decrementPercent ?? '0') })
  const softClose =
    terms.softCloseMaxExtensions === 0
      ? t('portal.terms.softCloseNone')
      : t('portal.terms.softClose', {
          trigger: t(`portal.terms.trigger.${terms.softCloseTrigger}`),
          window: duration(terms.softCloseWindowSeconds),
          extension: duration(terms.softCloseExtensionSeconds),
          max: terms.softCloseMaxExtensions === null ? t('portal.terms.unlimited') : String(terms.softCloseMaxExtensions),
          hardStop: when(terms.hardStopAt),
        })
  const items: [string, string][] = [
    ['schedule', t('portal.terms.schedule', { start: when(terms.startsAt), end: when(terms.endsAt) })],
    ['ceiling', t('portal.terms.ceiling', { ceiling: money(terms.ceiling) })],
    ['decrement', decrement],
    ['mustBeatBest', terms.mustBeatBest ? t('portal.terms.mustBeatBest') : t('portal.terms.mayNotBeatBest')],
    ['maxSingleDrop', t('portal.terms.maxSingleDrop', { percent: percent(terms.maxSingleDropPercent) })],
    ['softClose', softClose],
    ['visibility', t(`portal.terms.visibility.${terms.visibility}`)],
    ['ties', t('portal.terms.ties')],
    ['final', t('portal.terms.final')],
  ]
  return (
    <ul className="list-disc space-y-1.5 pl-5 text-sm text-slate-700" data-testid="auction-terms">
      {items.map(([k, text]) => (
        <li key={k} data-testid={`term-${k}`}>
          {text}
        </li>
      ))}
    </ul>
  )
}

export function AcceptTermsForm({ errors }: { errors?: string[] }) {
  const { t } = useTranslation('auction')
  const navigation = useNavigation()
  const text = useErrorText()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'accept-terms'
  return (
    <Form method="post" className="mt-4 space-y-3" data-testid="accept-terms-form">
      <input type="hidden" name="intent" value="accept-terms" />
      <ActionTokenField />
      {errors?.length ? (
        <p role="alert" className="text-sm text-rose-700" data-testid="accept-terms-error">
          {errors.map(text).join(' ')}
        </p>
      ) : null}
      <p className="text-sm text-slate-600">{t('portal.terms.acceptHint')}</p>
      <SubmitButton className="btn-primary" busy={busy} data-testid="accept-terms">
        {t('portal.terms.accept')}
      </SubmitButton>
    </Form>
  )
}
