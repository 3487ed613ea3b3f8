import { Form, useLocation } from '@remix-run/react'

/**
 * A GET form on a list page that changes some of the URL's parameters and keeps the others
 * (search, sort, other filters). The page number always starts over.
 */
export function ListForm({ owns, children, ...props }: { owns: readonly string[]; children: React.ReactNode } & Omit<React.ComponentProps<typeof Form>, 'method'>) {
  const { search } = useLocation()
  const keep = [...new URLSearchParams(search)].filter(([k]) => k !== 'page' && !owns.includes(k))
  return (
    <Form method="get" {...props}>
      {keep.map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      {children}
    </Form>
  )
}
