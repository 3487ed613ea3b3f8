// Boot only: one HTTP server for the Remix app, socket.io and health checks; imported by nothing.
import { bootServer } from './boot'

bootServer().catch((err) => {
  console.error('boot failed', err)
  process.exit(1)
})
