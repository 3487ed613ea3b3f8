// npm test: unit and integration tests (PGlite, and PostgreSQL when DATABASE_URL is set), then
// the production build and the browser tests in Chromium.
import { spawnSync } from 'node:child_process'

const steps = [
  ['vitest', ['npx', 'vitest', 'run']],
  ['build', ['npm', 'run', 'build']],
  ['e2e', ['npx', 'playwright', 'test']],
]
const only = process.argv.slice(2)
const failed = []
for (const [name, [cmd, ...args]] of steps) {
  if (only.length && !only.includes(name)) continue
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env })
  if (r.status !== 0) {
    failed.push(name)
    if (name === 'build') break
  }
}
console.log(failed.length ? `\n✗ failed: ${failed.join(', ')}` : '\n✓ all test steps passed')
process.exit(failed.length ? 1 : 0)
