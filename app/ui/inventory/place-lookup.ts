import { useFetcher } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { answers, placeLookupUrl, type PlaceLookup, type PlaceLookupReply } from '~/domain/inventory/stock-places.validation'

// Long enough that typing a serial number asks once, short enough that the list follows the typing.
const DEBOUNCE_MS = 200

/**
 * The batches or serial numbers at a place, asked of the stock page's lookup route (a bounded page, by prefix) whenever
 * the place, the prefix or the page changes; null parameters ask nothing (no place chosen). `reply` is the answer for
 * the parameters now, never a late one for others (`latest`: the last one for the same place); the fetcher is revalidated with the page (a move here, a push), so
 * what it shows follows the stock.
 */
export function usePlaceLookup(endpoint: string | null, params: PlaceLookup | null): { reply: PlaceLookupReply | null; latest: PlaceLookupReply | null; pending: boolean; failed: boolean } {
  const fetcher = useFetcher<PlaceLookupReply>()
  const url = endpoint && params?.warehouse ? placeLookupUrl(endpoint, params) : null
  const [requested, setRequested] = useState<string | null>(null)
  useEffect(() => {
    if (!url || url === requested) return
    // The first ask and a new place go at once; a prefix being typed waits for a pause.
    const typing = requested !== null && params?.q !== '' && sameExceptPrefix(requested, url)
    const timer = setTimeout(() => {
      setRequested(url)
      fetcher.load(url)
    }, typing ? DEBOUNCE_MS : 0)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, requested])
  const data = fetcher.data as (PlaceLookupReply & { error?: string }) | undefined
  const reply = params && answers(data, params) ? data : null
  // While a new prefix is on its way, the last answer for the same place: a list of suggestions need not blink empty.
  const latest = reply ?? (params && data && !data.error && answers(data, { ...params, q: data.q, offset: data.offset }) ? data : null)
  return { reply, latest, pending: !!url && !reply && !data?.error, failed: !!url && !!data?.error && requested === url && fetcher.state === 'idle' }
}

function sameExceptPrefix(a: string, b: string): boolean {
  const strip = (u: string) => {
    const [path, query = ''] = u.split('?')
    const sp = new URLSearchParams(query)
    sp.delete('q')
    sp.delete('offset')
    return `${path}?${sp}`
  }
  return strip(a) === strip(b)
}
