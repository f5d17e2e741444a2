#!/usr/bin/env node
/**
 * Builds the proofs kernel addon (src/proofs/native) at install time. It must never fail the install: if no
 * compiler or Node headers are found it prints one loud warning and exits 0, and at run time the proofs
 * layer falls back to its pure TypeScript kernel (and says so once on stderr).
 *
 * First try: one `cc` call against Node's own headers (include/node beside the node binary), which needs no
 * network. Second try: node-gyp with src/proofs/native/binding.gyp.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dir = join(root, 'src', 'proofs', 'native')
const out = join(dir, 'build', 'lotus_proofs.node')

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  return { ok: r.status === 0, text: `${r.error?.message ?? ''}${r.stdout ?? ''}${r.stderr ?? ''}`.trim() }
}

function headerDirs() {
  const prefix = resolve(dirname(process.execPath), '..')
  return [join(prefix, 'include', 'node'), '/usr/include/node', '/usr/local/include/node'].filter((d) =>
    existsSync(join(d, 'node_api.h')),
  )
}

function direct() {
  const inc = headerDirs()[0]
  if (!inc) return { ok: false, text: 'no node_api.h beside the node binary' }
  const cc = process.env.CC || 'cc'
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.${process.pid}.tmp`
  const platform = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared']
  const r = run(cc, [
    '-O3',
    '-fPIC',
    '-std=c11',
    ...platform,
    `-I${inc}`,
    '-DNODE_GYP_MODULE_NAME=lotus_proofs',
    '-o',
    tmp,
    join(dir, 'lotus_proofs.c'),
    join(dir, 'kernels.c'),
    join(dir, 'sha_ni.c'),
  ])
  if (r.ok) renameSync(tmp, out)
  return { ...r, path: out }
}

function gyp() {
  const npmDir = resolve(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm')
  const gypJs = join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  if (!existsSync(gypJs)) return { ok: false, text: 'node-gyp not found' }
  // configure + build (not rebuild, which would delete an earlier good build/ first)
  const args = [gypJs, 'configure', 'build']
  const inc = headerDirs()[0]
  if (inc) args.push(`--nodedir=${resolve(inc, '..', '..')}`)
  const r = run(process.execPath, args, dir)
  const built = join(dir, 'build', 'Release', 'lotus_proofs.node')
  return { ok: r.ok && existsSync(built), text: r.text, path: built }
}

try {
  if (process.env.LOTUS_TS_SKIP_NATIVE) {
    console.warn('build-native: LOTUS_TS_SKIP_NATIVE is set; the pure TypeScript proofs kernel will be used')
  } else {
    const first = direct()
    const second = first.ok ? first : gyp()
    if (second.ok) console.log(`build-native: built ${second.path}`)
    else {
      console.warn(
        [
          '',
          '*****************************************************************************************',
          '* WARNING: lotus-ts could not build its native proofs kernel (src/proofs/native).       *',
          '* Sealing and CommP will run on the pure TypeScript kernel, several times slower.       *',
          '* Install a C compiler (cc/gcc/clang) and run `npm run build:native` to fix this.       *',
          '*****************************************************************************************',
          `cc: ${first.text.split('\n').slice(0, 3).join(' | ')}`,
          `node-gyp: ${second.text.split('\n').slice(-3).join(' | ')}`,
          '',
        ].join('\n'),
      )
    }
  }
} catch (err) {
  console.warn(`build-native: WARNING: native proofs kernel not built (${err?.message ?? err}); using TypeScript`)
}
process.exit(0)
