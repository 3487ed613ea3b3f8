// Each Playwright worker has an app server of its own (own port, own embedded database with the
// demo data), so files running side by side never see each other's changes. The config is loaded
// in every worker process too, where Playwright has set TEST_PARALLEL_INDEX (0 … workers-1).
export const e2eFirstPort = Number(process.env.E2E_PORT ?? 3210)
export const e2eWorkers = Number(process.env.E2E_WORKERS ?? 2)
export const e2ePort = e2eFirstPort + Number(process.env.TEST_PARALLEL_INDEX ?? 0)
export const e2eBaseURL = `http://127.0.0.1:${e2ePort}`
