// Each portal keeps its route modules in its own folder, outside app/. A file there becomes a
// child of the portal's `_layout.tsx`: `_index.tsx` is the portal's home, dots become slashes
// (`users.$id.tsx` → /supplier/users/:id). One level is enough for the portals so far.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

export function portalRouteFiles(dirFromApp) {
  const dir = path.resolve(root, 'app', dirFromApp)
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(tsx|ts)$/.test(f) && !f.startsWith('.') && !/\.test\./.test(f))
    .sort()
}

export function portalRoutes(route, prefix, dirFromApp) {
  const files = portalRouteFiles(dirFromApp)
  route(prefix, `${dirFromApp}/_layout.tsx`, { id: `${prefix}/_layout` }, () => {
    for (const file of files) {
      if (file.startsWith('_layout.')) continue
      const base = file.replace(/\.(tsx|ts)$/, '')
      const id = `${prefix}/${base}`
      if (base === '_index') route(undefined, `${dirFromApp}/${file}`, { index: true, id })
      else route(base.replace(/\$/g, ':').split('.').join('/'), `${dirFromApp}/${file}`, { id })
    }
  })
}
