// npm test: unit and integration tests (PGlite, and PostgreSQL when DATABASE_URL is set), then
// the production build and the browser tests in Chromium.
import { spawn } from 'node:child_process'

const steps = [
  ['vitest', ['npx', 'vitest', 'run']],
  ['build', ['npm', 'run', 'build']],
  ['e2e', ['npx', 'playwright', 'test']],
]

// CI keeps only the tail of the output, where the browser tests' log buries a unit or integration failure printed
// minutes before: each failed step's own account of what failed is printed again at the very end.
// Vitest's summary of failed tests and of errors outside tests, then Playwright's numbered failures.
const FAILURE_STARTS = [/Failed Tests \d+/, /Unhandled (Errors|Rejection)/, /^\s+1\) \[/]
const MAX_REPEATED_LINES = 120

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['inherit', 'pipe', 'pipe'], env: process.env })
    const lines = []
    let partial = ''
    const keep = (chunk) => {
      const text = partial + chunk.toString()
      const parts = text.split('\n')
      partial = parts.pop() ?? ''
      for (const line of parts) lines.push(line)
      // Bounded: the failure account is near the end of a step's output.
      if (lines.length > 20_000) lines.splice(0, lines.length - 20_000)
    }
    child.stdout.on('data', (c) => {
      process.stdout.write(c)
      keep(c)
    })
    child.stderr.on('data', (c) => {
      process.stderr.write(c)
      keep(c)
    })
    child.on('close', (code) => resolve({ status: code ?? 1, lines: partial ? [...lines, partial] : lines }))
  })
}

const plain = (s) => s.replace(/\u001b\[[0-9;]*m/g, '')

function failureAccount(lines) {
  const text = lines.map(plain)
  const starts = FAILURE_STARTS.map((re) => text.findIndex((l) => re.test(l) && !l.includes('[WebServer]'))).filter((i) => i >= 0)
  const from = starts.length ? Math.min(...starts) : Math.max(0, text.length - 40)
  return text.slice(from).filter((l) => !l.includes('[WebServer]')).slice(0, MAX_REPEATED_LINES)
}

const only = process.argv.slice(2)
const failed = []
for (const [name, [cmd, ...args]] of steps) {
  if (only.length && !only.includes(name)) continue
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`)
  const r = await run(cmd, args)
  if (r.status !== 0) {
    failed.push({ name, account: failureAccount(r.lines) })
    if (name === 'build') break
  }
}
for (const { name, account } of failed) console.log(`\n── what failed in ${name} ──\n${account.join('\n')}`)
console.log(failed.length ? `\n✗ failed: ${failed.map((f) => f.name).join(', ')}` : '\n✓ all test steps passed')
process.exit(failed.length ? 1 : 0)
