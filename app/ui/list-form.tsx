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

/**
 * One filter of a list's toolbar: a select whose label is for screen readers (the empty choice says
 * what it filters) and whose empty choice leaves the filter off.
 */
export function FilterSelect({
  id,
  name,
  label,
  value,
  all,
  options,
  testId,
}: {
  id: string
  name: string
  label: string
  value: string | undefined
  all: string
  options: ReadonlyArray<{ value: string; label: string }>
  testId: string
}) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className="input w-auto" data-testid={testId}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  )
}
