import type { MetaFunction } from '@remix-run/node'

/** Catalog pages put their localized title in their loader data. */
export const titleMeta: MetaFunction = ({ data }) => {
  const title = data && typeof data === 'object' && 'title' in data ? String((data as { title: unknown }).title) : null
  return [{ title: title ? `${title} · Caixiao` : 'Caixiao · 采销' }]
}
