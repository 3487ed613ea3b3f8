// Markup the accessibility audit found wrong, as the server renders it (D1, D3, D12-D14), and the
// sources' submit buttons (D1 again: a markup test sees no request running).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RankingTable } from '~/ui/auction/ranking-table'
import { DataTable } from '~/ui/data-table'
import { FieldError, fieldErrorProps } from '~/ui/form'
import { LanguageSwitcher } from '~/ui/language-switcher'
import { OrderLinesTable } from '~/ui/orders/order-view'
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

describe('submit buttons in the sources (D1)', () => {
  it('use SubmitButton, not `disabled`, while their request runs', () => {
    const found: string[] = []
    for (const root of ['app', 'portal-supplier', 'portal-customer']) {
      for (const file of readdirSync(root, { recursive: true }) as string[]) {
        if (!file.endsWith('.tsx')) continue
        const source = readFileSync(join(root, file), 'utf8')
        // A <button ...> opening tag, arrows (=>) in its handlers included.
        for (const m of source.matchAll(/<button\b(?:=>|[^>])*>/g)) {
          const tag = m[0]
          if (/type="button"/.test(tag)) continue
          if (/(?<![-\w])disabled=\{[^}]*(busy|submitting|state)/i.test(tag)) found.push(`${join(root, file)}:${source.slice(0, m.index).split('\n').length}`)
        }
      }
    }
    expect(found).toEqual([])
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

describe('wide tables (WCAG 2.1.1)', () => {
  const scroller = (html: string) => /<div[^>]*overflow-x-auto[^>]*>/.exec(html)?.[0] ?? ''

  it('scroll in a named region a keyboard can focus', async () => {
    const line = { id: 'l1', position: 1, sku: 'EL-1002', nameEn: 'Resistor', nameZh: '电阻', unit: 'pcs', quantity: '8', unitPrice: '1.00', taxRate: '0.13', lineNet: '8.00', lineTax: '1.04', reserved: '8', backordered: '0', shipped: '0', cancelled: '0' }
    const lines = await renderRoute(() => <OrderLinesTable lines={[line]} status="reserved" backordersCancelledAt={null} currency="CNY" locale="zh-CN" labelledBy="lines-heading" />, null, 'zh-CN')
    expect(scroller(lines)).toContain('role="region"')
    expect(scroller(lines)).toContain('tabindex="0"')
    expect(scroller(lines)).toContain('aria-labelledby="lines-heading"')
    const alone = await renderRoute(() => <OrderLinesTable lines={[line]} status="reserved" backordersCancelledAt={null} currency="CNY" locale="en" />, null, 'en')
    expect(scroller(alone)).toContain('aria-label="Lines"')

    const columns = [{ key: 'sku', label: 'SKU', render: (r: { sku: string }) => r.sku }]
    const params = { q: '', page: 1, pageSize: 20, sort: 'sku', dir: 'asc' } as const
    const table = await renderRoute(() => <DataTable columns={columns} rows={[{ sku: 'A' }]} total={1} params={params} rowKey={(r) => r.sku} />, null, 'zh-CN')
    expect(scroller(table)).toContain('role="region"')
    expect(scroller(table)).toContain('tabindex="0"')
    expect(scroller(table)).toContain('aria-label="表格"')
    const named = await renderRoute(() => <DataTable columns={columns} rows={[{ sku: 'A' }]} total={1} params={params} rowKey={(r) => r.sku} label="Products" />, null, 'en')
    expect(scroller(named)).toContain('aria-label="Products"')
  })
})
