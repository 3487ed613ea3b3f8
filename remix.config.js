// Remix options live here; vite.config.ts passes them to the Remix Vite plugin.
import { portalRoutes } from './scripts/portal-routes.js'

/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  appDirectory: 'app',
  // BUILD_DIR lets parallel checkouts or test runs build side by side without clobbering each other.
  buildDirectory: process.env.BUILD_DIR ?? 'build',
  ignoredRouteFiles: ['**/*.test.*', '**/.*'],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    unstable_optimizeDeps: true,
  },
  routes(defineRoutes) {
    return defineRoutes((route) => {
      portalRoutes(route, 'supplier', '../portal-supplier/routes')
      portalRoutes(route, 'dealer', '../portal-customer/routes')
    })
  },
}
