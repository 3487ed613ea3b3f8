// Calling route modules as Remix would: a Request, the context the HTTP layer builds, the params.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { ACTION_TOKEN_FIELD } from '~/auth/action-token'
import type { Actor } from '~/auth/roles'
import { contextFor } from '../../support/actors'

/** Uploads of this test file go to a folder of its own, removed afterwards, never into ./data. */
export function useTempDataDir() {
  const ref: { dir?: string; previous?: string } = {}
  beforeAll(() => {
    ref.previous = process.env.DATA_DIR
    ref.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixiao-catalog-'))
    process.env.DATA_DIR = ref.dir
  })
  afterAll(() => {
    if (ref.previous === undefined) delete process.env.DATA_DIR
    else process.env.DATA_DIR = ref.previous
    if (ref.dir) fs.rmSync(ref.dir, { recursive: true, force: true })
  })
  return ref
}

/**
 * A form body gets the session's action token, as every form of the pages carries it
 * (ActionTokenField), unless it names the field itself or `withoutActionToken` is set. The
 * caller's body is left as it was (a copy gets the token).
 */
export function routeArgs(actor: Actor | null, url: string, params: Record<string, string> = {}, init?: RequestInit, opts: { withoutActionToken?: boolean } = {}) {
  const context = contextFor(actor)
  return { request: new Request(new URL(url, 'http://localhost').toString(), withActionToken(init, opts.withoutActionToken ? null : context.actionToken)), context, params } as any
}

function withActionToken(init: RequestInit | undefined, token: string | null): RequestInit | undefined {
  const body = init?.body
  if (!token || !init) return init
  if (body instanceof URLSearchParams || body instanceof FormData) {
    if (body.has(ACTION_TOKEN_FIELD)) return init
    const copy = body instanceof URLSearchParams ? new URLSearchParams(body) : copyFormData(body)
    copy.append(ACTION_TOKEN_FIELD, token)
    return { ...init, body: copy }
  }
  const urlencoded = new Headers(init.headers).get('content-type')?.startsWith('application/x-www-form-urlencoded')
  if (typeof body === 'string' && urlencoded && !new URLSearchParams(body).has(ACTION_TOKEN_FIELD)) {
    return { ...init, body: `${body}&${ACTION_TOKEN_FIELD}=${encodeURIComponent(token)}` }
  }
  return init
}

function copyFormData(form: FormData) {
  const copy = new FormData()
  for (const [k, v] of form.entries()) copy.append(k, v)
  return copy
}

/** What a thrown or returned Response, or a data() result, says its status is. */
export async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const result: any = await run()
    if (result instanceof Response) return result.status
    return result?.init?.status ?? 200
  } catch (err) {
    if (err instanceof Response) return err.status
    throw err
  }
}

export function uploadRequest(url: string, fileName: string, bytes: Uint8Array, extra: Record<string, string> = {}) {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], fileName))
  for (const [k, v] of Object.entries(extra)) form.append(k, v)
  return new Request(new URL(url, 'http://localhost').toString(), { method: 'POST', body: form })
}

/** A data() answer's payload (actions answer with data(...) on errors). */
export function payload<T = any>(result: unknown): T {
  return (result as any)?.data as T
}
