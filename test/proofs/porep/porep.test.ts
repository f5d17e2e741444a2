import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { TREE_C_FILE, TREE_D_FILE, TREE_R_LAST_FILE } from '../../../src/proofs/pc2/index.ts'
import {
  allPorepChallenges,
  commit1,
  decodeSealProof,
  encodeSealProof,
  labelOf,
  porepChallengeLayout,
  porepChallenges,
  type SealProof,
  verifySeal,
  verifySealInfo,
} from '../../../src/proofs/porep/index.ts'
import { parseCid } from '../../../src/core/cid.ts'
import { sealProof } from '../../../src/proofs/registered-proof.ts'
import { nodeParents, PARENTS } from '../../../src/proofs/sdr/graph.ts'
import { buildParents, loadParents } from '../../../src/proofs/sdr/parents-cache.ts'
import { layerFileName } from '../../../src/proofs/sdr/precommit1.ts'
import { replicaId } from '../../../src/proofs/sdr/replica-id.ts'
import { toHex } from '../../../src/util/bytes.ts'
import { DecodeError, LotusError } from '../../../src/util/errors.ts'
import { PROOF_2KIB, PROVER, type SealedSector, seal2KiB, TICKET } from '../pc2/seal-fixture.ts'

const SEED = new Uint8Array(32).fill(5)
let s: SealedSector
let proof: SealProof
let c2: Uint8Array

const c1Input = () => ({
  proof: PROOF_2KIB,
  cacheDir: s.cacheDir,
  sealedPath: s.sealedPath,
  proverId: PROVER,
  sectorNumber: s.sectorNumber,
  ticket: TICKET,
  seed: SEED,
  commD: s.commD,
})
const verifyInput = (over: Partial<Parameters<typeof verifySeal>[0]> = {}) => ({
  proof: PROOF_2KIB,
  commR: s.commR,
  commD: s.commD,
  proverId: PROVER,
  sectorNumber: s.sectorNumber,
  ticket: TICKET,
  seed: SEED,
  sealProof: c2,
  ...over,
})

before(() => {
  s = seal2KiB()
  proof = commit1(c1Input())
  c2 = encodeSealProof(proof)
})
after(() => rmSync(s.dir, { recursive: true, force: true }))

test('interactive challenges: 2 in one partition below 32GiB, 10 × 18 above, never node 0, seed-dependent', () => {
  assert.deepEqual(porepChallengeLayout(sealProof(5)), { partitions: 1, perPartition: 2 })
  assert.deepEqual(porepChallengeLayout(sealProof(8)), { partitions: 10, perPartition: 18 })
  const rid = new Uint8Array(32).fill(9)
  const a = porepChallenges(64, rid, SEED, 2, 0)
  assert.deepEqual(a, porepChallenges(64, rid, SEED, 2, 0))
  assert.notDeepEqual(a, porepChallenges(64, rid, new Uint8Array(32).fill(6), 2, 0))
  assert.notDeepEqual(a, porepChallenges(64, rid, SEED, 2, 1))
  for (const c of porepChallenges(2, rid, SEED, 50, 0)) assert.equal(c, 1)
  for (const c of porepChallenges(64, rid, SEED, 200, 0)) assert.ok(c >= 1 && c < 64)
  assert.equal(allPorepChallenges(sealProof(8), rid, SEED).length, 180)
})

test('labels recomputed from parents equal the PC1 layers', () => {
  const info = sealProof(PROOF_2KIB)
  const rid = replicaId({ proverId: PROVER, sectorNumber: 1, ticket: TICKET, commD: s.commD, porepId: info.porepId })
  const parents = loadParents(info, { dir: s.parentsDir })
  const layers = [1, 2].map((l) => readFileSync(join(s.cacheDir, layerFileName(l))))
  const at = (l: Uint8Array, v: number) => l.subarray(v * 32, v * 32 + 32)
  for (const v of [0, 1, 2, 33, 63]) {
    const ps = Array.from(parents.subarray(v * PARENTS, (v + 1) * PARENTS))
    const drg1 = ps.slice(0, 6).map((p) => at(layers[0]!, p))
    assert.equal(toHex(labelOf(rid, 1, v, drg1, [])), toHex(at(layers[0]!, v)))
    const drg2 = ps.slice(0, 6).map((p) => at(layers[1]!, p))
    const exp = ps.slice(6).map((p) => at(layers[0]!, p))
    assert.equal(toHex(labelOf(rid, 2, v, drg2, exp)), toHex(at(layers[1]!, v)))
  }
})

test('C1/C2 round-trip, and verifySeal accepts the proof', () => {
  assert.equal(proof.challenges.length, 2)
  assert.deepEqual(decodeSealProof(c2), proof)
  assert.equal(verifySeal(verifyInput()), true)
  // deterministic
  assert.equal(toHex(encodeSealProof(commit1(c1Input()))), toHex(c2))
})

test('a proof for one sector, CommR, CommD, seed, ticket or prover fails against another', () => {
  const flip = (b: Uint8Array) => {
    const c = b.slice()
    c[0]! ^= 1
    return c
  }
  assert.equal(verifySeal(verifyInput({ sectorNumber: 2 })), false)
  assert.equal(verifySeal(verifyInput({ commR: flip(s.commR) })), false)
  assert.equal(verifySeal(verifyInput({ commD: flip(s.commD) })), false)
  assert.equal(verifySeal(verifyInput({ seed: flip(SEED) })), false)
  assert.equal(verifySeal(verifyInput({ ticket: flip(TICKET) })), false)
  assert.equal(verifySeal(verifyInput({ proverId: flip(PROVER) })), false)
  assert.equal(verifySeal(verifyInput({ proof: 0 })), false)
})

test('flipping any byte of the proof contents makes verification fail', () => {
  const fields = ['dataLeaf', 'dataPath', 'replicaLeaf', 'replicaPath'] as const
  const mutate = (fn: (p: { -readonly [K in keyof SealProof]: SealProof[K] }) => void) => {
    const copy = decodeSealProof(c2)
    fn(copy as never)
    return verifySeal(verifyInput({ sealProof: encodeSealProof(copy) }))
  }
  for (let ci = 0; ci < 2; ci++) {
    for (const f of fields) {
      for (const at of [0, 17]) {
        assert.equal(
          mutate((p) => {
            p.challenges[ci]![f][at]! ^= 1
          }),
          false,
          `${f}[${at}] of challenge ${ci}`,
        )
      }
    }
    assert.equal(
      mutate((p) => void (p.challenges[ci]!.column.labels[3]! ^= 1)),
      false,
      'column label',
    )
    assert.equal(
      mutate((p) => void (p.challenges[ci]!.column.labels[40]! ^= 1)),
      false,
      'last-layer label',
    )
    assert.equal(
      mutate((p) => void (p.challenges[ci]!.column.path[9]! ^= 1)),
      false,
      'column path',
    )
    for (const pi of [0, 5, 6, 13]) {
      assert.equal(
        mutate((p) => void (p.challenges[ci]!.parents[pi]!.labels[1]! ^= 1)),
        false,
        `parent ${pi} label`,
      )
      assert.equal(
        mutate((p) => void (p.challenges[ci]!.parents[pi]!.path[2]! ^= 1)),
        false,
        `parent ${pi} path`,
      )
    }
  }
  assert.equal(
    mutate((p) => void (p.commC[0]! ^= 1)),
    false,
  )
  assert.equal(
    mutate((p) => void (p.commRLast[0]! ^= 1)),
    false,
  )
  // a proof for another challenge set (swapped challenges) fails
  assert.equal(
    mutate((p) => void (p.challenges as unknown[]).reverse()),
    false,
  )
})

test('flipping bytes of the sealed replica or of a cache tree breaks C1 or its proof', () => {
  const replica = new Uint8Array(readFileSync(s.sealedPath))
  const treeC = new Uint8Array(readFileSync(join(s.cacheDir, TREE_C_FILE)))
  try {
    const bad = replica.slice()
    bad[proof.challenges[0]!.challenge * 32]! ^= 1
    writeFileSync(s.sealedPath, bad)
    assert.throws(() => commit1(c1Input()), LotusError)
    writeFileSync(s.sealedPath, replica)
    const badC = treeC.slice()
    badC[proof.challenges[1]!.challenge * 32 + 3]! ^= 1
    writeFileSync(join(s.cacheDir, TREE_C_FILE), badC)
    const p = encodeSealProof(commit1(c1Input()))
    assert.equal(verifySeal(verifyInput({ sealProof: p })), false)
    writeFileSync(join(s.cacheDir, TREE_C_FILE), treeC)
    for (const file of [TREE_D_FILE, TREE_R_LAST_FILE]) {
      const good = new Uint8Array(readFileSync(join(s.cacheDir, file)))
      const bad = good.slice()
      bad[bad.length - 1]! ^= 1 // the root
      writeFileSync(join(s.cacheDir, file), bad)
      assert.throws(() => commit1(c1Input()), LotusError, file)
      writeFileSync(join(s.cacheDir, file), good)
    }
    assert.equal(verifySeal(verifyInput({ sealProof: encodeSealProof(commit1(c1Input())) })), true)
  } finally {
    writeFileSync(s.sealedPath, replica)
    writeFileSync(join(s.cacheDir, TREE_C_FILE), treeC)
  }
})

test('truncated or garbage proofs get a DecodeError, never a crash', () => {
  for (const n of [0, 1, 10, c2.length >> 1, c2.length - 1])
    assert.throws(() => verifySeal(verifyInput({ sealProof: c2.subarray(0, n) })), DecodeError, `truncated to ${n}`)
  for (let i = 0; i < 50; i++) {
    const junk = randomBytes(1 + ((i * 37) % 400))
    try {
      assert.equal(verifySeal(verifyInput({ sealProof: junk })), false)
    } catch (err) {
      assert.ok(err instanceof DecodeError, String(err))
    }
  }
  const wrongVersion = c2.slice()
  wrongVersion[1] = 9 // first tuple field: version 1 → 9
  assert.throws(() => verifySeal(verifyInput({ sealProof: wrongVersion })), /version 9 is unknown/)
})

test('split-tree sector sizes (32GiB, 64GiB) and synthetic/NI challenges are refused with a typed error, not mis-proven', () => {
  assert.throws(() => verifySeal(verifyInput({ proof: 8 })), /split trees, not supported yet/)
  assert.throws(() => commit1({ ...c1Input(), proof: 9 }), /split trees, not supported yet/)
  assert.throws(() => verifySeal(verifyInput({ proof: 10 })), /SyntheticPoRep challenges are not supported/)
  assert.throws(() => commit1({ ...c1Input(), proof: 15 }), /NI-PoRep challenges are not supported/)
})

test('verifySealInfo: the Lotus-shaped call (actor id, CIDs) agrees with verifySeal', () => {
  const info = {
    sealProof: PROOF_2KIB,
    miner: 1000,
    sectorNumber: s.sectorNumber,
    randomness: TICKET,
    interactiveRandomness: SEED,
    proof: c2,
    sealedCid: parseCid(s.sealedCid),
    unsealedCid: parseCid(s.unsealedCid),
  }
  assert.equal(verifySealInfo(info), true)
  assert.equal(verifySealInfo({ ...info, miner: 1001 }), false)
  assert.throws(() => verifySealInfo({ ...info, sealedCid: info.unsealedCid }), DecodeError)
})

test("nodeParents computes one node's parents exactly as the parents cache holds them", () => {
  const graphs = [
    sealProof(0),
    sealProof(5),
    { nodes: 4096, porepId: new Uint8Array(32).fill(0x7b), apiVersion: '1.1' as const },
    { nodes: 4096, porepId: new Uint8Array(32).fill(3), apiVersion: '1.0' as const },
  ]
  for (const g of graphs) {
    const all = buildParents(g)
    for (let v = 0; v < g.nodes; v++)
      assert.deepEqual(nodeParents(g, v), Array.from(all.subarray(v * PARENTS, (v + 1) * PARENTS)), `node ${v}`)
  }
})
