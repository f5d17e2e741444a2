import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { commP } from '../../../src/proofs/commp.ts'
import {
  cacheSize,
  columnHash,
  decodePAux,
  defaultRowsToDiscard,
  fileToRows,
  octTreeRows,
  openTreeR,
  P_AUX_FILE,
  preCommit2Merge,
  preCommit2Part,
  checkPartRange,
  pathFromRows,
  rowsToFile,
  T_AUX_FILE,
  TREE_C_FILE,
  TREE_D_FILE,
  TREE_R_LAST_FILE,
  TreeRCorruptError,
  treeLen,
  unsealSector,
  verifyPath,
} from '../../../src/proofs/pc2/index.ts'
import { frFromBytes, frToBytes, poseidonHashRef } from '../../../src/proofs/poseidon/index.ts'
import { layerFileName } from '../../../src/proofs/sdr/precommit1.ts'
import { toHex } from '../../../src/util/bytes.ts'
import { kernelsUnderTest } from '../kernels.ts'
import { PROVER, payload, seal2KiB, TICKET } from './seal-fixture.ts'

const refHash = (arity: number, bytes: Uint8Array): Uint8Array =>
  frToBytes(
    poseidonHashRef(
      arity,
      Array.from({ length: arity }, (_, i) => frFromBytes(bytes, i * 32)),
    ),
  )

test('tree shapes: rows to discard and level-cache sizes as merkletree computes them', () => {
  assert.equal(defaultRowsToDiscard(64, 8), 1)
  assert.equal(defaultRowsToDiscard(262144, 8), 2)
  assert.equal(defaultRowsToDiscard(2 ** 24, 8), 2)
  assert.equal(defaultRowsToDiscard(8, 8), 0)
  assert.equal(cacheSize(64, 8, 1), 1)
  assert.equal(cacheSize(262144, 8, 2), 512 + 64 + 8 + 1)
  assert.equal(treeLen(64, 8), 73)
  assert.equal(treeLen(64, 2), 127)
  assert.throws(() => treeLen(48, 8), /not a power of arity 8/)
})

test('2KiB PC2: same CommR every run and on every kernel; CommD = CommP of the payload; CommR CID', () => {
  const runs = kernelsUnderTest().flatMap((kernel) => [seal2KiB({ kernel }), seal2KiB({ kernel })])
  try {
    const first = runs[0]!
    for (const r of runs) assert.equal(toHex(r.commR), toHex(first.commR))
    assert.equal(toHex(first.commD), toHex(commP(payload()).commP))
    // pinned: any change to labels, trees, Poseidon or the encoding shows up here
    assert.equal(first.sealedCid, 'bagboea4b5abcb4mogdkkjitjnw3yr4ysxglgcuvll6gfimlp7x6wmhrfbxygg4rk')
    assert.equal(first.unsealedCid, 'baga6ea4seaqhoqu3o3mvphmhzqnj7w5n23r5fuuqun7q2nymmcrp6npm2oragbq')
    assert.match(first.unsealedCid, /^baga6ea4seaq/)
    const other = seal2KiB({ variant: 1, parentsDir: first.parentsDir })
    assert.notEqual(toHex(other.commR), toHex(first.commR))
    rmSync(other.dir, { recursive: true, force: true })
  } finally {
    for (const r of runs) rmSync(r.dir, { recursive: true, force: true })
  }
})

test('2KiB PC2 intermediates against the bigint reference Poseidon, and the cache files', () => {
  const s = seal2KiB()
  try {
    const layers = [1, 2].map((l) => readFileSync(join(s.cacheDir, layerFileName(l))))
    // TreeC: column hashes (arity 2) then arity 8, all recomputed with the reference permutation
    const cols = new Uint8Array(64 * 32)
    for (let v = 0; v < 64; v++) {
      const col = new Uint8Array(64)
      col.set(layers[0]!.subarray(v * 32, v * 32 + 32), 0)
      col.set(layers[1]!.subarray(v * 32, v * 32 + 32), 32)
      cols.set(refHash(2, col), v * 32)
      if (v < 3) assert.equal(toHex(columnHash(col)), toHex(cols.subarray(v * 32, v * 32 + 32)))
    }
    const refRoot = (leaves: Uint8Array): Uint8Array => {
      const mid = new Uint8Array(8 * 32)
      for (let i = 0; i < 8; i++) mid.set(refHash(8, leaves.subarray(i * 256, i * 256 + 256)), i * 32)
      return refHash(8, mid)
    }
    assert.equal(toHex(s.commC), toHex(refRoot(cols)))
    const replica = readFileSync(s.sealedPath)
    assert.equal(toHex(s.commRLast), toHex(refRoot(replica)))
    const commR = frToBytes(poseidonHashRef(2, [frFromBytes(s.commC), frFromBytes(s.commRLast)]))
    assert.equal(toHex(s.commR), toHex(commR))
    // encoding: replica = data + last layer (mod r)
    const r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n
    for (const v of [0, 17, 63]) {
      const sum = (frFromBytes(s.data, v * 32) + frFromBytes(layers[1]!, v * 32)) % r
      assert.equal(frFromBytes(replica, v * 32), sum)
    }
    // files: sizes and contents
    assert.equal(readFileSync(join(s.cacheDir, TREE_D_FILE)).length, 127 * 32)
    const treeC = readFileSync(join(s.cacheDir, TREE_C_FILE))
    assert.equal(treeC.length, 73 * 32)
    assert.equal(toHex(treeC.subarray(0, 64 * 32)), toHex(cols))
    assert.equal(toHex(readFileSync(join(s.cacheDir, TREE_R_LAST_FILE))), toHex(s.commRLast))
    const pAux = decodePAux(readFileSync(join(s.cacheDir, P_AUX_FILE)))
    assert.equal(toHex(pAux.commC), toHex(s.commC))
    assert.equal(toHex(pAux.commRLast), toHex(s.commRLast))
    const tAux = readFileSync(join(s.cacheDir, T_AUX_FILE))
    assert.equal(new DataView(tAux.buffer, tAux.byteOffset).getBigUint64(0, true), 2n) // two label configs
    assert.ok(tAux.includes(Buffer.from('tree-r-last')))
  } finally {
    rmSync(s.dir, { recursive: true, force: true })
  }
})

test('merkle paths: every leaf verifies, a changed sibling, leaf, index or root does not', () => {
  const leaves = new Uint8Array(64 * 32).map((_, i) => (i % 32 === 31 ? i & 0x3f : (i * 31) & 0xff))
  const rows = octTreeRows(leaves.slice())
  const root = rows[rows.length - 1]!
  for (const i of [0, 9, 63]) {
    const path = pathFromRows(rows, 8, i)
    const leaf = leaves.subarray(i * 32, i * 32 + 32)
    assert.equal(verifyPath(8, leaf, i, path, root, 2), true)
    assert.equal(verifyPath(8, leaf, (i + 1) % 64, path, root, 2), false)
    const bad = path.slice()
    bad[5]! ^= 1
    assert.equal(verifyPath(8, leaf, i, bad, root, 2), false)
    assert.equal(verifyPath(8, leaf, i, path.subarray(32), root, 2), false)
    const badLeaf = leaf.slice()
    badLeaf[0]! ^= 1
    assert.equal(verifyPath(8, badLeaf, i, path, root, 2), false)
    const badTop = path.slice()
    badTop[badTop.length - 1] = 0xff // not a field element: false, no throw
    assert.equal(verifyPath(8, leaf, i, badTop, root, 2), false)
  }
})

test('TreeR level cache: paths rebuilt from the replica block equal full-tree paths; corruption is detected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-treer-'))
  try {
    const nodes = 4096 // rows 4096..1: discard 2, cache 8 + 1
    const leaves = new Uint8Array(nodes * 32).map((_, i) => (i % 32 === 31 ? (i >> 5) & 0x3f : (i * 131) & 0xff))
    const rows = octTreeRows(leaves.slice())
    writeFileSync(join(dir, 'sealed'), leaves)
    writeFileSync(join(dir, TREE_R_LAST_FILE), rowsToFile(rows, 3))
    const t = openTreeR(dir, join(dir, 'sealed'), nodes)
    for (const i of [0, 511, 512, 4095]) {
      const p = t.prove(i)
      assert.equal(toHex(p.path), toHex(pathFromRows(rows, 8, i)))
      assert.equal(toHex(p.leaf), toHex(leaves.subarray(i * 32, i * 32 + 32)))
    }
    t.close()
    const bad = leaves.slice()
    bad[600 * 32]! ^= 1
    writeFileSync(join(dir, 'sealed'), bad)
    const t2 = openTreeR(dir, join(dir, 'sealed'), nodes)
    assert.throws(() => t2.prove(600), TreeRCorruptError)
    assert.equal(t2.prove(0).leaf.length, 32) // other blocks still prove
    t2.close()
    writeFileSync(join(dir, TREE_R_LAST_FILE), rowsToFile(rows, 3).subarray(32))
    assert.throws(() => openTreeR(dir, join(dir, 'sealed'), nodes), TreeRCorruptError)
    assert.throws(() => fileToRows(new Uint8Array(10), 8, 8, 'x'), /truncated/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('PC2 split into 2, 4 or 8 aligned parts and merged writes the same files and CommR', () => {
  const s = seal2KiB()
  try {
    const files = [TREE_C_FILE, TREE_D_FILE, TREE_R_LAST_FILE, P_AUX_FILE, T_AUX_FILE]
    const read = () => files.map((f) => toHex(readFileSync(join(s.cacheDir, f)))).join('|')
    const whole = read()
    const sealed = toHex(readFileSync(s.sealedPath))
    for (const parts of [2, 4, 8]) {
      rmSync(join(s.cacheDir, TREE_C_FILE))
      const input = { proof: 5, cacheDir: s.cacheDir, unsealed: s.data, sealedPath: s.sealedPath }
      const size = 64 / parts
      const ps = Array.from({ length: parts }, (_, i) => preCommit2Part(input, i * size, (i + 1) * size)).reverse()
      const out = preCommit2Merge(input, ps)
      assert.equal(toHex(out.commR), toHex(s.commR), `${parts} parts`)
      assert.equal(read(), whole)
      assert.equal(toHex(readFileSync(s.sealedPath)), sealed)
      assert.throws(() => preCommit2Merge(input, ps.slice(1)), /cover|gap/)
    }
    assert.throws(() => checkPartRange(64, 8, 24), /not an aligned/)
    assert.throws(() => checkPartRange(64, 0, 24), /not an aligned/)
  } finally {
    rmSync(s.dir, { recursive: true, force: true })
  }
})

test('unsealSector regenerates the key and returns the data; a wrong ticket or sector is refused', () => {
  const s = seal2KiB()
  try {
    const input = {
      proof: 5,
      proverId: PROVER,
      sectorNumber: 1,
      ticket: TICKET,
      commD: s.commD,
      sealedPath: s.sealedPath,
      parentsDir: s.parentsDir,
    }
    assert.equal(toHex(unsealSector(input)), toHex(s.data))
    assert.throws(() => unsealSector({ ...input, sectorNumber: 2 }), /does not hash to CommD/)
    assert.throws(() => unsealSector({ ...input, ticket: new Uint8Array(32) }), /does not hash to CommD/)
    assert.throws(() => unsealSector({ ...input, sealedPath: join(s.dir, 'none') }), /cannot read/)
  } finally {
    rmSync(s.dir, { recursive: true, force: true })
  }
})
