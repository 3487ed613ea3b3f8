// Markup the accessibility audit found wrong, as the server renders it (D1, D3, D12-D14).
import { describe, expect, it } from 'vitest'
import { RankingTable } from '~/ui/auction/ranking-table'
import { DataTable } from '~/ui/data-table'
import { FieldError, fieldErrorProps } from '~/ui/form'
import { LanguageSwitcher } from '~/ui/language-switcher'
import { SubmitButton } from '~/ui/submit-button'
import { Toaster } from '~/ui/toaster'
import { renderRoute } from '../support/render-route'

const tag = (html: string, testId: string) => html.match(new RegExp(`<[a-z]+[^>]*data-testid="${testId}"[^>]*>`))?.[0] ?? ''

describe('a submit button while its request runs (D1)', () => {
  it('is aria-disabled, not disabled: a disabled button that has focus drops it to <body>', async () => {
    const html = await renderRoute(() => <SubmitButton className="btn-primary" busy data-testid="go">Go</SubmitButton>, null, 'en')
    expect(tag(html, 'go')).toContain('aria-disabled="true"')
    expect(tag(html, 'go')).not.toMatch(/\sdisabled=""/)
    expect(tag(html, 'go')).toContain('type="submit"')
    const idle = await renderRoute(() => <SubmitButton busy={false} data-testid="go">Go</SubmitButton>, null, 'en')
    expect(tag(idle, 'go')).not.toContain('aria-disabled')
  })
})

describe('a server error outside conform (D3)', () => {
  it('makes its field invalid and described by the message, beside the hint', async () => {
    const Page = () => (
      <>
        <textarea id="reason-1" data-testid="field" {...fieldErrorProps('reason-1', ['errors:required'], 'reason-1-hint')} />
        <FieldError id="reason-1" errors={['errors:required']} testId="msg" />
      </>
    )
    const html = await renderRoute(Page, null, 'zh-CN')
    expect(tag(html, 'field')).toContain('aria-invalid="true"')
    expect(tag(html, 'field')).toContain('aria-describedby="reason-1-error reason-1-hint"')
    expect(tag(html, 'msg')).toContain('id="reason-1-error"')
    expect(tag(html, 'msg')).toContain('role="alert"')
    const fine = await renderRoute(() => <textarea id="r" data-testid="field" {...fieldErrorProps('r', [])} />, null, 'en')
    expect(tag(fine, 'field')).not.toContain('aria-invalid')
    expect(tag(fine, 'field')).not.toContain('aria-describedby')
  })
})

describe('toasts in the UI language (D12)', () => {
  it('names the F8 landmark in Chinese in the Chinese UI, in English in the English one', async () => {
    expect(await renderRoute(Toaster, null, 'zh-CN')).toContain('aria-label="通知（F8）"')
    const en = await renderRoute(Toaster, null, 'en')
    expect(en).toContain('aria-label="Notifications (F8)"')
  })
})

describe('language of parts (D13)', () => {
  it('marks each language option with its own language', async () => {
    const html = await renderRoute(LanguageSwitcher, null, 'en')
    expect(html).toMatch(/<option[^>]*value="zh-CN"[^>]*lang="zh-CN"|<option[^>]*lang="zh-CN"[^>]*value="zh-CN"/)
    expect(html).toMatch(/<option[^>]*value="en"[^>]*lang="en"|<option[^>]*lang="en"[^>]*value="en"/)
  })
})

describe('action columns (D14)', () => {
  it('give their header a name screen readers read', async () => {
    const rows = [{ rank: 1, orgId: 'o1', orgName: 'Bright', amount: '100.00', at: '2026-01-01T00:00:00Z', surrogate: false }] as any
    const ladder = await renderRoute(
      () => <RankingTable rows={rows} money={(a) => a} locale="zh-CN" timeZone="Asia/Shanghai" rowTestId="row" supplierName={(r) => r.orgName} surrogateClassName="" last={{ className: '', cell: () => null }} />,
      null,
      'zh-CN',
    )
    expect(ladder).toMatch(/<th[^>]*><span class="sr-only">操作<\/span><\/th>/)
    expect(ladder).not.toMatch(/<th[^>]*><\/th>/)

    const columns = [
      { key: 'sku', label: 'SKU', render: (r: { sku: string }) => r.sku },
      { key: 'edit', label: 'Actions', hiddenLabel: true, render: () => 'Edit' },
    ]
    const table = await renderRoute(
      () => <DataTable columns={columns} rows={[{ sku: 'A' }]} total={1} params={{ q: '', page: 1, pageSize: 20, sort: 'sku', dir: 'asc' }} rowKey={(r) => r.sku} />,
      null,
      'en',
    )
    expect(table).toMatch(/<th[^>]*><span class="sr-only">Actions<\/span><\/th>/)
  })
})
