import { wholeNumber, z } from '~/utils/validation'

// Client-safe: what a list page reads from its URL (search, sort, page), validated and bounded.
export interface ListParams<S extends string = string> {
  q: string
  page: number
  pageSize: number
  sort: S
  dir: 'asc' | 'desc'
  /** Further filters, as given (each list validates its own). */
  filters: Record<string, string>
}

// Built once: a list page parses these on every request (each zod schema is a graph of objects).
const pageNumber = wholeNumber().pipe(z.number().min(1).max(100_000)).catch(1)
const pageSizes = new Map<number, z.ZodType<number>>()
function pageSizeSchema(fallback: number): z.ZodType<number> {
  let schema = pageSizes.get(fallback)
  if (!schema) pageSizes.set(fallback, (schema = wholeNumber().pipe(z.number().min(1).max(200)).catch(fallback)))
  return schema
}

export function parseListParams<S extends string>(
  url: URL | string,
  opts: { sortable: readonly S[]; defaultSort: S; defaultDir?: 'asc' | 'desc'; filters?: readonly string[]; pageSize?: number },
): ListParams<S> {
  const sp = (typeof url === 'string' ? new URL(url) : url).searchParams
  const sort = (opts.sortable as readonly string[]).includes(sp.get('sort') ?? '') ? (sp.get('sort') as S) : opts.defaultSort
  const dir = sp.get('dir') === 'asc' || sp.get('dir') === 'desc' ? (sp.get('dir') as 'asc' | 'desc') : (opts.defaultDir ?? 'asc')
  const page = pageNumber.parse(sp.get('page') ?? 1)
  const pageSize = pageSizeSchema(opts.pageSize ?? 25).parse(sp.get('size') ?? opts.pageSize ?? 25)
  const filters: Record<string, string> = {}
  for (const f of opts.filters ?? []) {
    const v = withoutNul(sp.get(f) ?? '')
    if (v) filters[f] = v.slice(0, 200)
  }
  return { q: withoutNul(sp.get('q') ?? '').trim().slice(0, 200), page, pageSize, sort, dir, filters }
}

/**
 * Text without its NUL characters. PostgreSQL takes no NUL in text (not even as a query parameter): a search
 * or filter carrying one (`?q=%00`) failed as a 500. No one types it, so a list simply drops it.
 */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text
}

/** LIKE pattern for a user's search text, with the wildcards in it taken literally. */
export function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export function pageCount(total: number, pageSize: number) {
  return Math.max(1, Math.ceil(total / pageSize))
}
