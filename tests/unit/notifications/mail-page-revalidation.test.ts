// The mail page's loader writes a mail.viewed row each time it runs: it must run when a mail is
// opened and when the language changes, never for the revalidation after someone's click elsewhere.
import { describe, expect, it } from 'vitest'
import { shouldRevalidate } from '~/routes/console.mail.$id'

type Args = Parameters<typeof shouldRevalidate>[0]
const url = (id: string) => new URL(`http://127.0.0.1/console/mail/${id}`)
const args = (over: Partial<Args>): Args => ({
  currentUrl: url('a'),
  currentParams: { id: 'a' },
  nextUrl: url('a'),
  nextParams: { id: 'a' },
  defaultShouldRevalidate: true,
  ...over,
})

describe('the mail page revalidates only when the mail or the language changes', () => {
  it('skips the revalidation that follows an action elsewhere (the bell) or a live refresh', () => {
    expect(shouldRevalidate(args({ formMethod: 'POST', formAction: '/notifications' }))).toBe(false)
    expect(shouldRevalidate(args({}))).toBe(false)
  })
  it('loads another mail, and reloads after a change of language', () => {
    expect(shouldRevalidate(args({ nextUrl: url('b'), nextParams: { id: 'b' } }))).toBe(true)
    expect(shouldRevalidate(args({ formMethod: 'POST', formAction: '/settings/locale' }))).toBe(true)
  })
  it('leaves it to the router when the router would not reload anyway', () => {
    expect(shouldRevalidate(args({ formAction: '/settings/locale', defaultShouldRevalidate: false }))).toBe(false)
  })
})
