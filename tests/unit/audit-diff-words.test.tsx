// An audit row's recorded codes read in the reader's words: a throttled sign-in's `throttledBy`
// ("account", "ip") stood raw in the audit log's details, beside keys and values in both languages.
import { describe, expect, it } from 'vitest'
import { AuditDiff } from '~/ui/audit-diff'
import { renderRoute, textsByTestId } from '../support/render-route'

const throttled = { throttledBy: ['account', 'ip'], windowMinutes: 15 }
const render = (locale: 'en' | 'zh-CN') => renderRoute(() => <AuditDiff before={null} after={throttled} entityType="user" caption="details" recordedKeys />, null, locale)

describe("a throttled sign-in's details", () => {
  it('name what was over its allowance in English, the recorded key kept beside its label', async () => {
    const rows = textsByTestId(await render('en'), 'diff-row')
    const by = rows.find((r) => r.includes('throttledBy'))!
    expect(by).toContain('Limit reached')
    expect(by).toContain('Too many attempts on the account, Too many attempts from the IP address')
    expect(by).not.toMatch(/account, ip/)
    expect(rows.find((r) => r.includes('windowMinutes'))).toContain('Counting window (minutes)')
  })

  it('and in Chinese', async () => {
    const rows = textsByTestId(await render('zh-CN'), 'diff-row')
    const by = rows.find((r) => r.includes('throttledBy'))!
    expect(by).toContain('触发的限制')
    expect(by).toContain('该账号尝试次数过多、该 IP 地址尝试次数过多')
    expect(by).not.toMatch(/account、ip/)
  })
})
