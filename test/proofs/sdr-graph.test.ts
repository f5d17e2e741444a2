import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { tsKernel } from '../../src/proofs/kernel/ts-kernel.ts'
import { SEAL_PROOFS, sealProof } from '../../src/proofs/registered-proof.ts'
import { ChaCha8 } from '../../src/proofs/sdr/chacha8.ts'
import { feistelKeys, PARENTS } from '../../src/proofs/sdr/graph.ts'
import { labelLayers } from '../../src/proofs/sdr/labels.ts'
import { feistelPermute, feistelShape } from '../../src/proofs/sdr/feistel.ts'
import { buildParents, loadParents, parentCacheId, publishedParentsDigest } from '../../src/proofs/sdr/parents-cache.ts'
import { readJsonVector } from '../vectors.ts'
import { kernelsUnderTest, nativeKernel } from './kernels.ts'

const sha = (p: Uint32Array) => createHash('sha256').update(new Uint8Array(p.buffer)).digest('hex')

test('ChaCha8 with a zero key matches the published rand_chacha/RFC-style first words', () => {
  // ChaCha8, key 0, nonce 0, block 0: first output word 0x2fef003e (rand_chacha test_chacha_true_values_c, 8 rounds)
  const rng = new ChaCha8(new Uint8Array(32))
  assert.equal(rng.nextU32().toString(16), '2fef003e')
})

test('the Feistel permutation is a bijection on its domain', () => {
  const shape = feistelShape(8 * 64, feistelKeys(new Uint8Array(32)))
  const seen = new Set<number>()
  for (let i = 0; i < 512; i++) seen.add(feistelPermute(i, shape))
  assert.equal(seen.size, 512)
  assert.ok([...seen].every((x) => x < 512))
})

test('parent-cache file ids match rust-fil-proofs parent_cache.json for all ten proofs', () => {
  for (const id of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) assert.ok(publishedParentsDigest(sealProof(id)), `proof ${id}`)
  assert.equal(
    parentCacheId(sealProof(0)),
    'v28-sdr-parent-3f0eef38bb48af1f48ad65e14eb85b4ebfc167cec18cd81764f6d998836c9899',
  )
  assert.equal(publishedParentsDigest(sealProof(10)), undefined)
})

test('2KiB parents cache digests (V1 and V1_1), every kernel', (t) => {
  const v = readJsonVector(t, 'proofs.json') as {
    'parent_cache_sha256 (nodes*14 u32 LE)': Record<string, string>
  } | null
  if (v === null) return
  const d = v['parent_cache_sha256 (nodes*14 u32 LE)']
  for (const kernel of kernelsUnderTest()) {
    assert.equal(sha(buildParents(sealProof(0), { kernel })), d['2KiB porep_id=[0,..] V1_0'], kernel.name)
    assert.equal(sha(buildParents(sealProof(5), { kernel })), d['2KiB porep_id=[5,..] V1_1'], kernel.name)
  }
  // V1 puts the predecessor last, V1_1 first
  const p0 = buildParents(sealProof(0))
  const p5 = buildParents(sealProof(5))
  assert.equal(p0[10 * PARENTS + 5], 9)
  assert.equal(p5[10 * PARENTS], 9)
})

test('8MiB parents cache digests (V1 and V1_1) and PC1 labels on the native kernel, via the on-disk cache', (t) => {
  const kernel = nativeKernel()
  if (!kernel) {
    t.skip('native kernel not built (the TypeScript kernel needs minutes for 8MiB)')
    return
  }
  const v = readJsonVector(t, 'proofs.json') as {
    'parent_cache_sha256 (nodes*14 u32 LE)': Record<string, string>
  } | null
  if (v === null) return
  const d = v['parent_cache_sha256 (nodes*14 u32 LE)']
  const dir = mkdtempSync(join(tmpdir(), 'lotus-parents-'))
  try {
    const progress: number[] = []
    const a = loadParents(sealProof(1), { kernel, dir, onProgress: (f) => progress.push(f) })
    assert.equal(sha(a), d['8MiB porep_id=[1,..] V1_0'])
    assert.equal(progress.at(-1), 1)
    assert.equal(sha(loadParents(sealProof(6), { kernel, dir })), d['8MiB porep_id=[6,..] V1_1'])
    const files = readdirSync(dir).sort()
    assert.deepEqual(files, [`${parentCacheId(sealProof(6))}.cache`, `${parentCacheId(sealProof(1))}.cache`].sort())
    assert.equal(statSync(join(dir, files[0]!)).size, ((8 << 20) / 32) * PARENTS * 4)
    // 8MiB PC1 on the native kernel; the TypeScript kernel recomputes the last 2000 labels of each layer
    const rid = new Uint8Array(32).fill(5)
    const layers: Uint8Array[] = []
    labelLayers(a, rid, 2, { kernel, onLayer: (_, l) => layers.push(l.slice()) })
    const nodes = (8 << 20) / 32
    for (const layer of [1, 2]) {
      const current = layers[layer - 1]!.slice()
      current.fill(0, (nodes - 2000) * 32)
      tsKernel.labelLayer({
        parents: a,
        replicaId: rid,
        layer,
        current,
        previous: layer === 1 ? null : layers[0]!,
        start: nodes - 2000,
        end: nodes,
      })
      assert.deepEqual(current, layers[layer - 1], `layer ${layer}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('parents cache file: written once, reused, rebuilt when corrupt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-parents-'))
  try {
    const g = sealProof(5)
    const path = join(dir, `${parentCacheId(g)}.cache`)
    const first = loadParents(g, { dir })
    const mtime = statSync(path).mtimeMs
    assert.deepEqual(loadParents(g, { dir }), first)
    assert.equal(statSync(path).mtimeMs, mtime)
    writeFileSync(path, new Uint8Array(first.byteLength))
    assert.deepEqual(loadParents(g, { dir }), first)
    assert.equal(sha(loadParents(g, { dir })), publishedParentsDigest(g))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('graph bad input', () => {
  assert.throws(() => buildParents({ nodes: 1, porepId: new Uint8Array(32), apiVersion: '1.1' }), /1 nodes is outside/)
  assert.throws(() => buildParents({ nodes: 64, porepId: new Uint8Array(8), apiVersion: '1.1' }), /porep_id is 8 bytes/)
  assert.ok(SEAL_PROOFS.size > 0)
})
