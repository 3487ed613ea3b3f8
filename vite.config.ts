import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import remixConfig from './remix.config.js'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  plugins: [remix(remixConfig), tsconfigPaths()],
  optimizeDeps: { exclude: ['@node-rs/argon2', '@electric-sql/pglite'] },
  ssr: { external: ['@node-rs/argon2', '@electric-sql/pglite', 'pg', 'postgres', 'exceljs', 'pg-boss'] },
  build: { target: 'es2022' },
  server: { hmr: { port: 24679 } },
})
