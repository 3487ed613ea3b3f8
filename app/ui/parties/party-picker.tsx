import { useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

/** One organization as a picker lists it: the code is what a form submits. */
export interface PartyOption {
  code: string
  /** In the reader's language. */
  name: string
}

/** What the picker's endpoint answers: the matches for `q`, echoed so late answers can be told apart. */
export interface PartySearchReply {
  q: string
  options: PartyOption[]
}

// Long enough that typing a name asks once, short enough that the list follows the typing.
const DEBOUNCE_MS = 200

const labelOf = (o: PartyOption) => `${o.code} · ${o.name}`

export interface PartyPickerProps {
  /** The input's id, for the caller's <label htmlFor>. */
  id: string
  /** The form field the chosen party's code is submitted under. */
  name: string
  /** A loader answering `?q=` with a PartySearchReply. */
  endpoint: string
  /** The field's current value (a code, as the URL has it). */
  value: string
  /** The party `value` names, when it names one: shown as the input's text. */
  selected: PartyOption | null
  /** The listbox's accessible name. */
  label: string
  placeholder: string
  searching: string
  noMatches: string
  clear: string
  /** The screen-reader announcement of how many matches the list shows. */
  matches: (count: number) => string
  maxLength: number
  className?: string
  testId?: string
}

/**
 * A searchable party picker (the WAI-ARIA 1.2 combobox with a listbox popup): typing asks the
 * endpoint for matches, the arrow keys walk them, Enter or a click chooses one, Escape closes the
 * list (or, when it is closed, clears the field). Without JavaScript it is a plain text field that
 * takes a code, so a GET form submits the same parameter either way.
 */
export function PartyPicker(props: PartyPickerProps) {
  const { id, name, endpoint, value, selected, maxLength } = props
  const listId = `${id}-listbox`
  const fetcher = useFetcher<PartySearchReply>()
  const inputRef = useRef<HTMLInputElement>(null)
  const [enhanced, setEnhanced] = useState(false)
  const [chosen, setChosen] = useState<PartyOption | null>(selected)
  // The server renders the code (what a form without JavaScript must send); the label follows hydration.
  const [text, setText] = useState(value)
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const [requested, setRequested] = useState<string | null>(null)
  const activateFirst = useRef(false)

  // A new URL (the form applied, a link followed) resets the field; a live refresh of the same one does not.
  useEffect(() => {
    setEnhanced(true)
    setChosen(selected)
    setText(selected ? labelOf(selected) : value)
    setOpen(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, selected?.code, selected?.name])

  const showingChosen = chosen !== null && text === labelOf(chosen)
  // The chosen party's label is not something to search for: opening the list then shows the first parties.
  const term = showingChosen ? '' : text.trim().slice(0, maxLength)

  useEffect(() => {
    if (!open || requested === term) return
    const timer = setTimeout(
      () => {
        setRequested(term)
        fetcher.load(`${endpoint}?${new URLSearchParams({ q: term })}`)
      },
      requested === null ? 0 : DEBOUNCE_MS,
    )
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, term, requested, endpoint])

  const reply = fetcher.data
  const options = reply?.options ?? []
  const pending = open && (requested !== term || fetcher.state !== 'idle' || reply?.q !== term)

  // New matches replace the list under the highlight: it stays on the same party when that party is
  // still listed (answers for a longer text often list the same parties), moves to the first match
  // when ArrowDown opened the list before any arrived, and otherwise starts over. Keyed by the codes
  // shown, not by the reply object: Remix revalidates fetchers (the order list refreshes live), and
  // the same matches arriving again must not move the highlight.
  const shown = options.map((o) => o.code).join('\u0000')
  // The party highlighted as of the last render's effects, i.e. before the list now shown arrived.
  const lastHighlighted = useRef<string | null>(null)
  useEffect(() => {
    const kept = lastHighlighted.current === null ? -1 : options.findIndex((o) => o.code === lastHighlighted.current)
    setActive(kept >= 0 ? kept : activateFirst.current && options.length > 0 ? 0 : -1)
    activateFirst.current = false
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown, reply?.q])
  useEffect(() => {
    lastHighlighted.current = open && active >= 0 ? (options[active]?.code ?? null) : null
  })

  useEffect(() => {
    if (!open || active < 0) return
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, open])

  function optionId(i: number) {
    return `${id}-option-${i}`
  }

  function choose(o: PartyOption) {
    setChosen(o)
    setText(labelOf(o))
    setOpen(false)
    setActive(-1)
  }

  function clearField() {
    setChosen(null)
    setText('')
    setOpen(false)
    setActive(-1)
    inputRef.current?.focus()
  }

  function openList(first: boolean) {
    if (open) return
    setOpen(true)
    // Matches already here for this text: highlight at once; otherwise when they arrive.
    if (first) {
      if (reply?.q === term && options.length > 0) setActive(0)
      else activateFirst.current = true
    }
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    const usable = open ? options.length : 0
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        if (!open) openList(!e.altKey)
        else if (usable > 0) setActive((a) => (a + 1) % usable)
        break
      case 'ArrowUp':
        e.preventDefault()
        if (!open) openList(false)
        else if (usable > 0) setActive((a) => (a <= 0 ? usable - 1 : a - 1))
        break
      case 'Enter':
        // With an option highlighted Enter chooses it; otherwise the form submits as usual.
        if (open && active >= 0 && options[active]) {
          e.preventDefault()
          choose(options[active])
        }
        break
      case 'Escape':
        if (open) {
          e.preventDefault()
          setOpen(false)
          setActive(-1)
        } else if (text) {
          e.preventDefault()
          clearField()
        }
        break
      case 'Tab':
        setOpen(false)
        break
    }
  }

  // What the form sends: the chosen party's code, or the typed text taken as a code (as without
  // JavaScript), matched without regard to case against the codes on the list.
  const typed = text.trim()
  const exact = options.find((o) => o.code.toLowerCase() === typed.toLowerCase())
  const submitted = showingChosen ? chosen.code : (exact?.code ?? typed)

  const announcement = open && !pending ? (options.length ? props.matches(options.length) : props.noMatches) : ''

  return (
    <div className="relative inline-block">
      <div className="relative flex items-center">
        <input
          ref={inputRef}
          id={id}
          // Once hydrated the visible text is a label; the code travels in the hidden field below.
          name={enhanced ? undefined : name}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={enhanced ? undefined : maxLength}
          placeholder={props.placeholder}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setActive(-1)
            setOpen(true)
          }}
          onClick={() => openList(false)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false)
            setActive(-1)
          }}
          className={`input ${enhanced && text ? 'pr-8' : ''} ${props.className ?? ''}`}
          data-testid={props.testId}
        />
        {enhanced && text ? (
          <button
            type="button"
            className="absolute inset-y-0 right-1 my-auto h-7 rounded px-2 py-1 text-slate-500 hover:text-slate-700 focus:outline-none focus:ring-1 focus:ring-indigo-500"
            aria-label={props.clear}
            title={props.clear}
            onClick={clearField}
            data-testid={props.testId ? `${props.testId}-clear` : undefined}
          >
            ×
          </button>
        ) : null}
      </div>
      {enhanced ? <input type="hidden" name={name} value={submitted} /> : null}
      <div
        hidden={!open}
        className="absolute left-0 z-40 mt-1 w-max min-w-full max-w-md rounded-md border border-slate-200 bg-white text-sm shadow-lg"
      >
        <ul id={listId} role="listbox" aria-label={props.label} className="max-h-72 overflow-auto py-1" data-testid={props.testId ? `${props.testId}-listbox` : undefined}>
          {options.map((o, i) => (
            <li
              key={o.code}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              data-code={o.code}
              // Keeps the focus in the input, so the click below is not preceded by a blur that closes the list.
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => active !== i && setActive(i)}
              onClick={() => choose(o)}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-indigo-50 text-indigo-900' : 'text-slate-800'} ${pending ? 'opacity-60' : ''}`}
            >
              <span className="font-mono text-xs">{o.code}</span> {o.name}
            </li>
          ))}
        </ul>
        {pending && options.length === 0 ? <p className="px-3 py-1.5 text-slate-500">{props.searching}</p> : null}
        {!pending && options.length === 0 ? (
          <p className="px-3 py-1.5 text-slate-500" data-testid={props.testId ? `${props.testId}-empty` : undefined}>
            {props.noMatches}
          </p>
        ) : null}
      </div>
      <span role="status" aria-live="polite" className="sr-only">
        {announcement}
      </span>
    </div>
  )
}
