/** Slow (npm run test:slow): the 512MiB parents cache digests (V1 and V1_1), native kernel. */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { sealProof } from '../../../src/proofs/registered-proof.ts'
import { buildParents, publishedParentsDigest } from '../../../src/proofs/sdr/parents-cache.ts'
import { readJsonVector } from '../../vectors.ts'
import { nativeKernel } from '../../proofs/kernels.ts'

const slow = !process.env.LOTUS_TS_SLOW

test('512MiB parents cache digests', { skip: slow && 'set LOTUS_TS_SLOW=1' }, (t) => {
  const kernel = nativeKernel()
  if (!kernel) {
    t.skip('native kernel not built')
    return
  }
  const v = readJsonVector(t, 'proofs.json') as {
    'parent_cache_sha256 (nodes*14 u32 LE)': Record<string, string>
  } | null
  if (v === null) return
  const d = v['parent_cache_sha256 (nodes*14 u32 LE)']
  for (const [id, key] of [
    [2, '512MiB porep_id=[2,..] V1_0 (not independently recomputed)'],
    [7, '512MiB porep_id=[7,..] V1_1 (not independently recomputed)'],
  ] as const) {
    const p = buildParents(sealProof(id), { kernel })
    const digest = createHash('sha256').update(new Uint8Array(p.buffer)).digest('hex')
    assert.equal(digest, d[key])
    assert.equal(digest, publishedParentsDigest(sealProof(id)))
  }
})
