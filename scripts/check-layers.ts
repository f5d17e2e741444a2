/**
 * Fails when a module imports from a layer it may not reach (docs/ARCHITECTURE.md, "Layers").
 * Run by `npm run lint`. Tests and benchmarks may import anything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const base = ['util', 'core', 'crypto', 'params']
const storage = ['ipld', 'db']
const domain = ['chain', 'net', 'wallet', 'proofs']
const below = (...layers: string[][]) => layers.flat()

/** For each top folder under src/, the folders it may import from (besides itself). */
export const allowed: Record<string, string[]> = {
  util: [],
  core: ['util'],
  crypto: ['util', 'core'],
  params: ['util', 'core', 'crypto'],
  ipld: base,
  db: base,
  proofs: ['core', 'crypto', 'util'],
  chain: below(base, storage, ['net', 'wallet', 'proofs']),
  net: below(base, storage, ['chain']),
  wallet: below(base, storage),
  api: base,
  daemon: below(base, storage, domain, ['api']),
  worker: below(base, storage, domain, ['api']),
  miner: below(base, storage, domain, ['api', 'worker']),
  web: below(base, ['api']),
  cli: below(base, storage, domain, ['api', 'daemon', 'miner', 'worker', 'web']),
}

const root = resolve(import.meta.dirname, '..', 'src')

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'build') yield* files(p)
    } else if (p.endsWith('.ts')) yield p
  }
}

const importRe = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g
const problems: string[] = []
for (const file of files(root)) {
  const layer = relative(root, file).split('/')[0]!
  const ok = allowed[layer]
  if (!ok) {
    if (file.startsWith(join(root, layer)))
      problems.push(`${relative(root, file)}: folder src/${layer} is not in the layer table`)
    continue
  }
  for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
    const spec = m[1]!
    if (!spec.startsWith('.')) continue
    const target = relative(root, resolve(dirname(file), spec)).split('/')[0]!
    if (target !== layer && !ok.includes(target)) {
      problems.push(`${relative(root, file)}: imports ${spec} (layer ${layer} may not import ${target})`)
    }
  }
}
if (problems.length > 0) {
  console.error(`layer check failed:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('layer check: ok')
