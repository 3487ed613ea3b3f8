// Bundles the boot file (app/server/index.ts) so `npm start` runs plain node; node_modules stay external.
import { build } from 'esbuild'

await build({
  entryPoints: ['app/server/index.ts'],
  outfile: `${process.env.BUILD_DIR ?? 'build'}/boot/index.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
})
console.log(`${process.env.BUILD_DIR ?? 'build'}/boot/index.js written`)
