import { Form, useLocation, useSubmit } from '@remix-run/react'
import { useState } from 'react'

/** A GET form's fields without the empty ones. */
export function filledParams(form: HTMLFormElement, submitter?: HTMLElement | null): URLSearchParams {
  const params = new URLSearchParams()
  for (const [k, v] of new FormData(form, submitter ?? null)) if (typeof v === 'string' && v !== '') params.append(k, v)
  return params
}

type GetFormProps = Omit<React.ComponentProps<typeof Form>, 'method'>

/**
 * A GET form whose URL carries only the fields that have a value: an empty filter is no filter
 * and has no place in the address. Without JavaScript the browser sends the empty fields too, and
 * the loaders read them as absent.
 *
 * Its fields start from the URL (defaultValue), so when the URL changes by anything but this form's own
 * submission (Back, Forward, a sort or a link), the form is drawn anew from it: it kept what was last
 * typed or ticked, and after Back showed a filter the list no longer had. After its own submission
 * it stays as it is, focus and all.
 */
export function GetForm(props: GetFormProps) {
  const submit = useSubmit()
  const { search } = useLocation()
  // `sent`: the query of this form's submission on its way. It counts for the one URL change that submission makes: kept
  // longer, a Forward (or Back) to that URL later, after the form was drawn anew for another, left the other's values up.
  const [drawn, setDrawn] = useState<{ search: string; generation: number; sent: string | null }>({ search, generation: 0, sent: null })
  if (drawn.search !== search) setDrawn({ search, generation: search === drawn.sent ? drawn.generation : drawn.generation + 1, sent: null })
  return (
    <Form
      method="get"
      key={drawn.generation}
      {...props}
      onSubmit={(e) => {
        props.onSubmit?.(e)
        if (e.defaultPrevented) return
        e.preventDefault()
        const params = filledParams(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter)
        const query = params.toString()
        const sent = query ? `?${query}` : ''
        setDrawn((d) => ({ ...d, sent }))
        submit(params, {
          method: 'get',
          action: props.action,
          replace: props.replace,
          preventScrollReset: props.preventScrollReset,
        })
      }}
    />
  )
}

/**
 * A GET form on a list page that changes some of the URL's parameters and keeps the others
 * (search, sort, other filters). The page number always starts over.
 */
export function ListForm({ owns, children, ...props }: { owns: readonly string[]; children: React.ReactNode } & GetFormProps) {
  const { search } = useLocation()
  const keep = [...new URLSearchParams(search)].filter(([k]) => k !== 'page' && !owns.includes(k))
  return (
    <GetForm {...props}>
      {keep.map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      {children}
    </GetForm>
  )
}

/**
 * One filter of a list's toolbar: a select named after the URL parameter it sets (its id and test
 * id are `filter-<name>`), whose label is for screen readers (the empty choice says what it
 * filters) and whose empty choice leaves the filter off.
 */
export function FilterSelect({
  name,
  label,
  value,
  all,
  options,
}: {
  name: string
  label: string
  value: string | undefined
  all: string
  options: ReadonlyArray<{ value: string; label: string }>
}) {
  const id = `filter-${name}`
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className="input w-auto" data-testid={id}>
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
