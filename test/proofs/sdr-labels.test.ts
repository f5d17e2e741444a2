import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { sealProof } from '../../src/proofs/registered-proof.ts'
import { decodeReplica, encodeReplica, FR_MODULUS } from '../../src/proofs/sdr/encode.ts'
import { labelLayers } from '../../src/proofs/sdr/labels.ts'
import { buildParents } from '../../src/proofs/sdr/parents-cache.ts'
import { layerFileName, preCommit1 } from '../../src/proofs/sdr/precommit1.ts'
import { proverId, replicaId } from '../../src/proofs/sdr/replica-id.ts'
import { preCommit1Async } from '../../src/proofs/worker/run.ts'
import { toHex } from '../../src/util/bytes.ts'
import { readJsonVector } from '../vectors.ts'
import { kernelsUnderTest } from './kernels.ts'

test('SDR label vectors: 64 nodes, 11 layers, replica_id 0x09×32 (stacked_vanilla.rs), every kernel', (t) => {
  const v = readJsonVector(t, 'proofs.json') as {
    sdr_last_label_11_layers_replica_id_0x09x32: Record<string, string>
  } | null
  if (v === null) return
  const want = v.sdr_last_label_11_layers_replica_id_0x09x32
  const cases = [
    { porep: 0x00, api: '1.0', key: '2KiB(64 nodes) porep_id=0x00*32 V1_0_0' },
    { porep: 0x7b, api: '1.1', key: '2KiB(64 nodes) porep_id=0x7b*32 V1_1_0' },
  ] as const
  for (const kernel of kernelsUnderTest()) {
    for (const c of cases) {
      const parents = buildParents(
        { nodes: 64, porepId: new Uint8Array(32).fill(c.porep), apiVersion: c.api },
        { kernel },
      )
      const key = labelLayers(parents, new Uint8Array(32).fill(9), 11, { kernel })
      assert.equal(toHex(key.subarray(63 * 32)), want[c.key], `${kernel.name} ${c.api}`)
    }
  }
})

test('2KiB PC1 labels agree between kernels, every layer, every node', () => {
  const kernels = kernelsUnderTest()
  const parents = buildParents(sealProof(5))
  const rid = randomBytes(32)
  rid[31]! &= 0x3f
  const digests = kernels.map((kernel) => {
    const layers: string[] = []
    labelLayers(parents, rid, 2, { kernel, onLayer: (_, l) => layers.push(toHex(l)) })
    return layers.join('|')
  })
  for (const d of digests) assert.equal(d, digests[0])
  // every label is a valid Fr element (top two bits clear)
  const key = labelLayers(parents, rid, 2)
  for (let i = 31; i < key.length; i += 32) assert.equal(key[i]! & 0xc0, 0)
})

test('replica_id layout: prover ‖ sector u64 BE ‖ ticket ‖ CommD ‖ porep_id, byte 31 masked', () => {
  const input = {
    proverId: proverId(1000),
    sectorNumber: 7,
    ticket: new Uint8Array(32).fill(1),
    commD: new Uint8Array(32).fill(2),
    porepId: sealProof(5).porepId,
  }
  assert.equal(toHex(input.proverId.subarray(0, 3)), 'e80700')
  const num = new Uint8Array(8)
  num[7] = 7
  const h = createHash('sha256')
    .update(input.proverId)
    .update(num)
    .update(input.ticket)
    .update(input.commD)
    .update(input.porepId)
    .digest()
  h[31]! &= 0x3f
  assert.equal(toHex(replicaId(input)), toHex(h))
  assert.throws(() => replicaId({ ...input, ticket: new Uint8Array(31) }), /ticket is 31 bytes/)
  assert.throws(() => replicaId({ ...input, sectorNumber: -1 }), /not a u64/)
})

test('encode/decode: replica = data + key mod r, and back (checked against bigints)', () => {
  const le = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n)
  const nodes = 200
  const data = new Uint8Array(32 * nodes)
  const key = new Uint8Array(32 * nodes)
  for (let v = 0; v < nodes; v++) {
    data.set(randomBytes(32), 32 * v)
    key.set(randomBytes(32), 32 * v)
    data[32 * v + 31]! &= v % 3 === 0 ? 0x72 : 0x3f // some near r, all below it
    key[32 * v + 31]! &= 0x3f
  }
  let rm1 = FR_MODULUS - 1n // the largest valid element
  for (let i = 0; i < 32; i++, rm1 >>= 8n) data[i] = Number(rm1 & 0xffn)
  data.fill(0, 32, 64) // zero data: replica = key
  const replica = encodeReplica(data, key)
  assert.deepEqual(decodeReplica(replica, key), data)
  for (let v = 0; v < nodes; v++) {
    const d = le(data.subarray(32 * v, 32 * v + 32))
    const k = le(key.subarray(32 * v, 32 * v + 32))
    assert.equal(le(replica.subarray(32 * v, 32 * v + 32)), (d + k) % FR_MODULUS, `node ${v}`)
  }
  assert.throws(() => encodeReplica(new Uint8Array(32), new Uint8Array(64)), /equal multiples of 32/)
  assert.throws(
    () => encodeReplica(new Uint8Array(32).fill(0xff), new Uint8Array(32)),
    /node 0 is not a valid Fr element/,
  )
  assert.throws(() => decodeReplica(new Uint8Array(32), new Uint8Array(32).fill(0xff)), /key node 0 is not a valid Fr/)
})

test('PreCommit1 (2KiB) writes Lotus layer files; the async worker-thread version agrees and reports progress', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-pc1-'))
  try {
    const input = {
      proof: 5,
      proverId: proverId(1000),
      sectorNumber: 1,
      ticket: new Uint8Array(32).fill(3),
      commD: new Uint8Array(32).fill(4),
      parentsDir: join(dir, 'parents'),
    }
    const sync = preCommit1({ ...input, cacheDir: join(dir, 'cache') })
    assert.deepEqual(
      sync.layerFiles.map((p) => p.split('/').pop()),
      [layerFileName(1), layerFileName(2)],
    )
    assert.deepEqual(new Uint8Array(readFileSync(sync.layerFiles[1]!)), sync.key)
    const progress: number[] = []
    const out = await preCommit1Async(input, { onProgress: (f) => progress.push(f) })
    assert.deepEqual(out.key, sync.key)
    assert.deepEqual(out.replicaId, sync.replicaId)
    assert.equal(progress.at(-1), 1)
    await assert.rejects(preCommit1Async({ ...input, proof: 99 }), /registered seal proof 99 is unknown/)
    const ac = new AbortController()
    ac.abort()
    await assert.rejects(preCommit1Async(input, { signal: ac.signal }), /abort/i)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('labels bad input', () => {
  const parents = buildParents(sealProof(5))
  assert.throws(() => labelLayers(parents, new Uint8Array(31), 2), /replica id is 31 bytes/)
  assert.throws(() => labelLayers(parents, new Uint8Array(32), 0), /0 layers/)
  assert.throws(() => labelLayers(new Uint32Array(15), new Uint8Array(32), 2), /not N × 14/)
  const bad = parents.slice()
  bad[20 * 14 + 3] = 64
  for (const kernel of kernelsUnderTest())
    assert.throws(() => labelLayers(bad, new Uint8Array(32), 2, { kernel }), /node 20 names parent 64 of 64 nodes/)
})
