import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

// Integration tests run on PGlite always, and again on PostgreSQL when DATABASE_URL is set (CI).
// A file that mocks a module (vi.mock) is named *.isolated.test.ts and runs in processes of its own: the other files
// share their worker's process (isolate: false), where the app's modules evaluated by one file serve the next, so a
// mock would reach other files' imports, or miss its own file's when another file loaded the module first.
const ISOLATED = 'tests/integration/**/*.isolated.test.ts'
const integration = (name: string, db: 'pglite' | 'postgres', isolated = false) => ({
  extends: true as const,
  test: {
    name,
    include: [isolated ? ISOLATED : 'tests/integration/**/*.test.ts'],
    exclude: isolated ? [] : [ISOLATED],
    isolate: isolated,
    env: { TEST_DB: db },
    globalSetup: db === 'postgres' ? ['tests/support/pg-global-setup.ts'] : [],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    pool: 'forks',
    // The first PGlite in a process costs ~700 MB: two workers fit this machine's two cores well.
    maxWorkers: 2,
    // Files share their worker's process: each still gets a database of its own (useTestDatabase),
    // but the app's modules and PGlite's WebAssembly are loaded once per worker instead of once per
    // file, which took 40% of the suite's time.
    isolate: false,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'] } },
      integration('integration', 'pglite'),
      integration('integration-isolated', 'pglite', true),
      ...(process.env.DATABASE_URL ? [integration('integration-pg', 'postgres'), integration('integration-isolated-pg', 'postgres', true)] : []),
    ],
  },
})
