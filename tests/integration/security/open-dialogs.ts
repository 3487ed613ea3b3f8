// Radix dialogs render their content only while open, and the server renders them closed: a page whose
// forms live in dialogs (count decisions, an auction's pause, extend, void…) has none in its HTML. With
// this as the mock of @radix-ui/react-dialog, every dialog renders open and in place (no portal), so the
// form fuzz harness finds those forms as the browser would post them once opened.
import { createElement, type ReactNode } from 'react'

export async function openDialogs(importOriginal: () => Promise<unknown>) {
  const radix = (await importOriginal()) as typeof import('@radix-ui/react-dialog')
  return {
    ...radix,
    Root: (props: Record<string, unknown>) => createElement(radix.Root, { ...props, open: true }),
    Portal: ({ children }: { children?: ReactNode }) => children,
  }
}
