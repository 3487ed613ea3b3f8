import { defineConfig, devices } from '@playwright/test'
import { e2eBaseURL, e2eFirstPort, e2eWorkers } from './tests/support/e2e-port'

// Runs against the production build (`npm run build`), each worker on a server of its own with a
// fresh embedded database and demo data (tests/support/e2e-port.ts).
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: `test-results/${e2eFirstPort}`,
  fullyParallel: false,
  workers: e2eWorkers,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: {
    baseURL: e2eBaseURL,
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: Array.from({ length: e2eWorkers }, (_, i) => {
    const port = e2eFirstPort + i
    return {
      command: 'node tests/support/e2e-server.js',
      url: `http://127.0.0.1:${port}/readyz`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { E2E_PORT: String(port) },
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    }
  }),
})
