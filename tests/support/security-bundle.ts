// What must never reach a browser: the client build is scanned for the fingerprints of
// server-only code (database drivers, ORM, password hashing, queues, mail, the schema, secrets'
// names, Node built-ins). Fingerprints are strings that survive minification.
import fs from 'node:fs'
import path from 'node:path'

export interface Fingerprint {
  what: string
  re: RegExp
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Table names with an underscore and the secret-bearing columns, read from db/schema. */
function schemaFingerprints(root: string): Fingerprint[] {
  const dir = path.join(root, 'db', 'schema')
  const src = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n')
  const tables = [...src.matchAll(/pgTable\(\s*['"]([a-z0-9_]+)['"]/g)].map((m) => m[1]).filter((t) => t.includes('_'))
  const columns = [...src.matchAll(/\(\s*['"]([a-z0-9_]*(?:password|hash|secret|token)[a-z0-9_]*)['"]/g)].map((m) => m[1]).filter((c) => c.includes('_'))
  return [...new Set([...tables, ...columns])].map((name) => ({ what: `db/schema name "${name}"`, re: new RegExp(`["'\`]${esc(name)}["'\`]`) }))
}

/** The server's configuration keys (app/utils/env.server.ts), except NODE_ENV which React reads. */
function envFingerprints(root: string): Fingerprint[] {
  const src = fs.readFileSync(path.join(root, 'app', 'utils', 'env.server.ts'), 'utf8')
  const keys = [...src.matchAll(/^\s+([A-Z][A-Z0-9]*_[A-Z0-9_]+)\s*:/gm)].map((m) => m[1]).filter((k) => k !== 'NODE_ENV')
  return keys.map((k) => ({ what: `server setting ${k}`, re: new RegExp(`\\b${k}\\b`) }))
}

export function fingerprints(root = process.cwd()): Fingerprint[] {
  return [
    { what: '@electric-sql/pglite', re: /pglite\.(wasm|data)|@electric-sql\/pglite/ },
    { what: 'postgres (postgres.js)', re: /CONNECTION_DESTROYED|CONNECTION_ENDED|SCRAM-SHA-256-PLUS/ },
    { what: 'pg (node-postgres)', re: /pg-connection-string|"PGPASSWORD"|PGSSLMODE/ },
    { what: 'drizzle-orm', re: /"(PgTable|PgColumn|PgDialect|PgDatabase|PgSelect|PgSession)"/ },
    { what: '@node-rs/argon2', re: /@node-rs\/argon2|argon2-wasm32|\$argon2id\$/ },
    { what: 'pg-boss', re: /\bpgboss\b|pg-boss/ },
    { what: 'nodemailer', re: /nodemailer\.com|X-Mailer/ },
    { what: 'exceljs (workbook machinery: imports/exports happen on the server)', re: /xl\/workbook\.xml/ },
    { what: 'lucia / sessions', re: /@lucia-auth|"cx_session"/ },
    { what: 'redis client', re: /@redis\/client|"CLIENT SETNAME"/ },
    { what: 'a Node built-in replaced by a browser stub', re: /__vite-browser-external/ },
    { what: 'a Node built-in', re: /["'`]node:(fs|crypto|child_process|net|tls|path|os|stream|worker_threads|http|https)["'`]/ },
    { what: 'a .server module', re: /\.server(\.[cm]?[jt]sx?)?["'`]/ },
    { what: 'password hashes', re: /passwordHash|password_hash|tokenHash|token_hash/ },
    { what: 'the server environment', re: /process\.env\.(?!NODE_ENV\b)[A-Z_]+/ },
    ...schemaFingerprints(root),
    ...envFingerprints(root),
  ]
}

export interface BundleFinding {
  file: string
  what: string
  excerpt: string
}

/** Every client asset (JS and any other text) with every fingerprint found in it. */
export function scanClientBuild(clientDir: string, prints = fingerprints()): { files: string[]; findings: BundleFinding[] } {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else files.push(p)
    }
  }
  walk(clientDir)
  const findings: BundleFinding[] = []
  for (const file of files) {
    const rel = path.relative(clientDir, file)
    if (/\.server\./.test(rel)) findings.push({ file: rel, what: 'a .server module as a file', excerpt: rel })
    if (/\.map$/.test(rel)) findings.push({ file: rel, what: 'a source map (it would publish the source)', excerpt: rel })
    if (!/\.(m?js|css|html|json|txt|svg)$/.test(rel)) continue
    const text = fs.readFileSync(file, 'utf8')
    for (const p of prints) {
      const m = text.match(p.re)
      if (m) findings.push({ file: rel, what: p.what, excerpt: text.slice(Math.max(0, m.index! - 60), m.index! + m[0].length + 60) })
    }
  }
  return { files, findings }
}
