// The app as a user runs it (production build, embedded database, demo data), in a fresh data folder.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const port = process.env.E2E_PORT ?? '3210'
const dataDir = path.resolve(`tests/.tmp/e2e-data-${port}`)
fs.rmSync(dataDir, { recursive: true, force: true })
fs.mkdirSync(dataDir, { recursive: true })
const env = { ...process.env, NODE_ENV: 'production', SEED_DEMO: 'embedded', DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }
delete env.DATABASE_URL
delete env.REDIS_URL
const child = spawn(process.execPath, [path.join(process.env.BUILD_DIR ?? 'build', 'boot/index.js')], { env, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
