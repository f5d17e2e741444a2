import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { clearCache } from '../../../src/proofs/pc2/clear-cache.ts'
import { after, before, test } from 'node:test'
import {
  checkFr32,
  decodePoStProof,
  encodePoStProof,
  generateWindowPoSt,
  generateWinningPoSt,
  leafChallenges,
  postProof,
  sectorChallenges,
  verifyWindowPoSt,
  verifyWindowPoStInfo,
  verifyWinningPoStInfo,
  generateWinningPoStSectorChallenge,
  verifyWinningPoSt,
  winningPoStSectorChallenge,
} from '../../../src/proofs/post/index.ts'
import { parseCid } from '../../../src/core/cid.ts'
import { DecodeError, InvalidError } from '../../../src/util/errors.ts'
import { PROVER, type SealedSector, seal2KiB } from '../pc2/seal-fixture.ts'

const WINDOW = 10 // StackedDrgWindow2KiBV1_1 (API 1.2 challenge indices)
const WINDOW_V1 = 5 // StackedDrgWindow2KiBV1 (API 1.0: indices by sector position)
const WINNING = 0 // StackedDrgWinning2KiBV1
const RAND = new Uint8Array(32).fill(7)
let sectors: SealedSector[]

before(() => {
  const a = seal2KiB({ sectorNumber: 1 })
  sectors = [
    a,
    seal2KiB({ sectorNumber: 2, variant: 1, parentsDir: a.parentsDir }),
    seal2KiB({ sectorNumber: 3, variant: 2, parentsDir: a.parentsDir }),
  ]
})
after(() => {
  for (const s of sectors) rmSync(s.dir, { recursive: true, force: true })
})

const toProve = (ss: SealedSector[]) =>
  ss.map((s) => ({ sectorNumber: s.sectorNumber, commR: s.commR, cacheDir: s.cacheDir, sealedPath: s.sealedPath }))
const pub = (ss: SealedSector[]) => ss.map((s) => ({ sectorNumber: s.sectorNumber, commR: s.commR }))

test('PoSt challenge derivation: leaves in range, depend on randomness, sector and index; sector picks in range', () => {
  const a = leafChallenges(RAND, 1, 10, 64)
  assert.equal(a.length, 10)
  for (const c of leafChallenges(RAND, 1, 1000, 64)) assert.ok(c >= 0 && c < 64)
  assert.deepEqual(a, leafChallenges(RAND, 1, 10, 64))
  assert.notDeepEqual(a, leafChallenges(RAND, 2, 10, 64))
  assert.notDeepEqual(a, leafChallenges(new Uint8Array(32).fill(8), 1, 10, 64))
  assert.deepEqual(leafChallenges(RAND, 1, 20, 64).slice(10), leafChallenges(RAND, 1, 10, 64, 10))
  for (const i of sectorChallenges(RAND, PROVER, 50, 7)) assert.ok(i >= 0 && i < 7)
  assert.throws(() => sectorChallenges(RAND, PROVER, 1, 0), InvalidError)
  const notFr = new Uint8Array(32).fill(0xff)
  assert.throws(() => checkFr32(notFr, 'randomness'), /not a valid field element/)
  assert.deepEqual(
    [postProof(0).kind, postProof(0).challenges, postProof(10).challenges, postProof(5).indexBySector],
    ['winning', 66, 10, true],
  )
  assert.throws(() => postProof(15), InvalidError)
})

for (const id of [WINDOW, WINDOW_V1]) {
  test(`Window PoSt (proof ${id}): proves and verifies; fails for other randomness, sectors or CommR`, () => {
    const r = generateWindowPoSt({ postProof: id, randomness: RAND, sectors: toProve(sectors) })
    assert.deepEqual(r.skipped, [])
    assert.deepEqual(r.proven, [1n, 2n, 3n])
    assert.equal(verifyWindowPoSt({ postProof: id, randomness: RAND, sectors: pub(sectors), proof: r.proof }), true)
    const other = new Uint8Array(32).fill(9)
    assert.equal(verifyWindowPoSt({ postProof: id, randomness: other, sectors: pub(sectors), proof: r.proof }), false)
    assert.equal(
      verifyWindowPoSt({ postProof: id, randomness: RAND, sectors: pub(sectors.slice(0, 2)), proof: r.proof }),
      false,
    )
    const swapped = pub(sectors)
    swapped[0] = { ...swapped[0]!, commR: sectors[1]!.commR }
    assert.equal(verifyWindowPoSt({ postProof: id, randomness: RAND, sectors: swapped, proof: r.proof }), false)
    const renumbered = pub(sectors).map((s, i) => ({ ...s, sectorNumber: i === 0 ? 9 : s.sectorNumber }))
    assert.equal(verifyWindowPoSt({ postProof: id, randomness: RAND, sectors: renumbered, proof: r.proof }), false)
    const otherId = id === WINDOW ? WINDOW_V1 : WINDOW
    assert.equal(
      verifyWindowPoSt({ postProof: otherId, randomness: RAND, sectors: pub(sectors), proof: r.proof }),
      false,
    )
  })
}

test('Window PoSt: a missing or corrupt sector is skipped, the rest is proven and verifies', () => {
  const replica = new Uint8Array(readFileSync(sectors[1]!.sealedPath))
  try {
    // corrupt every node of sector 2's replica: whatever is challenged, the proof cannot hold
    const bad = replica.map((b, i) => (i % 32 === 0 ? b ^ 1 : b))
    writeFileSync(sectors[1]!.sealedPath, bad)
    const input = toProve(sectors)
    input[2] = { ...input[2]!, cacheDir: `${input[2]!.cacheDir}-missing` }
    for (const id of [WINDOW, WINDOW_V1]) {
      const r = generateWindowPoSt({ postProof: id, randomness: RAND, sectors: input })
      assert.deepEqual(r.proven, [1n])
      assert.deepEqual(
        r.skipped.map((s) => s.sectorNumber),
        [2n, 3n],
      )
      assert.match(r.skipped[0]!.reason, /sector 2/)
      const none = generateWindowPoSt({ postProof: id, randomness: RAND, sectors: input.slice(1) })
      assert.deepEqual(none.proven, [])
      assert.equal(verifyWindowPoSt({ postProof: id, randomness: RAND, sectors: [], proof: none.proof }), false)
      assert.equal(
        verifyWindowPoSt({ postProof: id, randomness: RAND, sectors: pub([sectors[0]!]), proof: r.proof }),
        true,
      )
    }
    writeFileSync(sectors[1]!.sealedPath, replica)
    const lc = join(sectors[0]!.cacheDir, 'sc-02-data-tree-r-last.dat')
    const good = new Uint8Array(readFileSync(lc))
    writeFileSync(
      lc,
      good.map((b, i) => (i === 0 ? b ^ 1 : b)),
    )
    const flipped = generateWindowPoSt({ postProof: WINDOW, randomness: RAND, sectors: toProve(sectors) })
    writeFileSync(lc, good)
    assert.deepEqual(flipped.proven, [2n, 3n])
    unlinkSync(sectors[1]!.sealedPath)
    const r = generateWindowPoSt({ postProof: WINDOW, randomness: RAND, sectors: toProve(sectors) })
    assert.deepEqual(r.proven, [1n, 3n])
  } finally {
    writeFileSync(sectors[1]!.sealedPath, replica)
  }
})

test('Window PoSt: flipped proof bytes fail; truncated or garbage proofs get a DecodeError', () => {
  const r = generateWindowPoSt({ postProof: WINDOW, randomness: RAND, sectors: toProve(sectors) })
  const verify = (proof: Uint8Array) =>
    verifyWindowPoSt({ postProof: WINDOW, randomness: RAND, sectors: pub(sectors), proof })
  const p = decodePoStProof(r.proof)
  for (const [si, oi, field, at] of [
    [0, 0, 'leaf', 0],
    [1, 9, 'path', 40],
    [2, 5, 'leaf', 31],
  ] as const) {
    const copy = decodePoStProof(r.proof)
    copy.sectors[si]!.openings[oi]![field][at]! ^= 1
    assert.equal(verify(encodePoStProof(copy)), false)
  }
  const c = decodePoStProof(r.proof)
  c.sectors[0]!.commC[3]! ^= 1
  assert.equal(verify(encodePoStProof(c)), false)
  assert.equal(p.sectors.length, 3)
  for (const n of [0, 1, 5, r.proof.length - 1]) assert.throws(() => verify(r.proof.subarray(0, n)), DecodeError)
  for (let i = 0; i < 40; i++) {
    try {
      assert.equal(verify(randomBytes(1 + ((i * 53) % 300))), false)
    } catch (err) {
      assert.ok(err instanceof DecodeError, String(err))
    }
  }
  assert.throws(
    () => generateWindowPoSt({ postProof: WINDOW, randomness: new Uint8Array(32).fill(0xff), sectors: [] }),
    InvalidError,
  )
  assert.throws(() => generateWindowPoSt({ postProof: WINNING, randomness: RAND, sectors: [] }), /not a Window/)
})

test('Winning PoSt: sector pick, 66 openings, verification and soundness', () => {
  const idx = winningPoStSectorChallenge(WINNING, RAND, PROVER, sectors.length)
  assert.equal(idx.length, 1)
  const chosen = sectors[idx[0]!]!
  const proof = generateWinningPoSt({
    postProof: WINNING,
    randomness: RAND,
    proverId: PROVER,
    sectors: toProve([chosen]),
  })
  assert.equal(decodePoStProof(proof).sectors[0]!.openings.length, 66)
  const input = { postProof: WINNING, randomness: RAND, proverId: PROVER, sectors: pub([chosen]), proof }
  assert.equal(verifyWinningPoSt(input), true)
  assert.equal(verifyWinningPoSt({ ...input, randomness: new Uint8Array(32).fill(3) }), false)
  const other = sectors.find((s) => s !== chosen)!
  assert.equal(verifyWinningPoSt({ ...input, sectors: pub([other]) }), false)
  const bad = decodePoStProof(proof)
  bad.sectors[0]!.openings[65]!.path[0]! ^= 1
  assert.equal(verifyWinningPoSt({ ...input, proof: encodePoStProof(bad) }), false)
  assert.throws(() => verifyWinningPoSt({ ...input, proof: proof.subarray(0, 100) }), DecodeError)
  assert.throws(
    () => generateWinningPoSt({ postProof: WINNING, randomness: RAND, proverId: PROVER, sectors: toProve(sectors) }),
    InvalidError,
  )
})

test('split-tree sector sizes are refused with a typed error', () => {
  assert.throws(() => generateWindowPoSt({ postProof: 13, randomness: RAND, sectors: [] }), InvalidError)
  assert.throws(() => winningPoStSectorChallenge(3, RAND, PROVER, 1), /split trees/)
})

test('Lotus-shaped PoSt calls: CIDs, actor id, unmasked randomness, one proof per run of sectors', () => {
  const raw = new Uint8Array(32).fill(0xee) // byte 31 is masked by the calls, as Lotus does
  const masked = raw.slice()
  masked[31]! &= 0x3f
  const chain = sectors.map((s) => ({ sealProof: 5, sectorNumber: s.sectorNumber, sealedCid: parseCid(s.sealedCid) }))
  const first = generateWindowPoSt({ postProof: WINDOW, randomness: masked, sectors: toProve(sectors.slice(0, 2)) })
  const second = generateWindowPoSt({ postProof: WINDOW, randomness: masked, sectors: toProve(sectors.slice(2)) })
  const proofs = [first, second].map((r) => ({ postProof: WINDOW, proofBytes: r.proof }))
  const info = { randomness: raw, proofs, challengedSectors: chain, prover: 1000 }
  assert.equal(verifyWindowPoStInfo(info), true)
  assert.equal(verifyWindowPoStInfo({ ...info, proofs: proofs.slice(0, 1) }), false)
  assert.equal(verifyWindowPoStInfo({ ...info, challengedSectors: chain.slice(0, 2) }), false)
  assert.equal(verifyWindowPoStInfo({ ...info, proofs: [] }), false)
  const [pick] = generateWinningPoStSectorChallenge(WINNING, 1000, raw, chain.length)
  assert.deepEqual([pick], winningPoStSectorChallenge(WINNING, masked, PROVER, chain.length))
  const proof = generateWinningPoSt({
    postProof: WINNING,
    randomness: masked,
    proverId: PROVER,
    sectors: toProve([sectors[pick!]!]),
  })
  const winning = { randomness: raw, proofs: [{ postProof: WINNING, proofBytes: proof }], prover: 1000 }
  assert.equal(verifyWinningPoStInfo({ ...winning, challengedSectors: [chain[pick!]!] }), true)
  assert.equal(verifyWinningPoStInfo({ ...winning, challengedSectors: [chain[(pick! + 1) % 3]!] }), false)
})

test('after clearCache (FinalizeSector) the sector still proves; only tree-r-last, p_aux and t_aux remain', () => {
  const s = seal2KiB({ sectorNumber: 9, parentsDir: sectors[0]!.parentsDir })
  try {
    const removed = clearCache(s.cacheDir)
    assert.deepEqual(removed, [
      'sc-02-data-layer-1.dat',
      'sc-02-data-layer-2.dat',
      'sc-02-data-tree-c.dat',
      'sc-02-data-tree-d.dat',
    ])
    assert.deepEqual(readdirSync(s.cacheDir).sort(), ['p_aux', 'sc-02-data-tree-r-last.dat', 't_aux'])
    const r = generateWindowPoSt({ postProof: WINDOW, randomness: RAND, sectors: toProve([s]) })
    assert.deepEqual(r.skipped, [])
    assert.equal(verifyWindowPoSt({ postProof: WINDOW, randomness: RAND, sectors: pub([s]), proof: r.proof }), true)
    assert.throws(() => clearCache(join(s.dir, 'missing')), /cannot list/)
  } finally {
    rmSync(s.dir, { recursive: true, force: true })
  }
})
