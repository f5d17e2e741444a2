/**
 * Slow (npm run test:slow): an 8MiB sector sealed from a fixed payload, PC2 on two threads; the same CommR
 * as PC2 on one thread; C1/C2 verify and a flipped replica node breaks C1; Window and Winning PoSt through
 * the TreeR level cache (paths rebuilt from 512-node replica blocks) verify and fail for other randomness.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { commP } from '../../../src/proofs/commp.ts'
import { fr32Pad } from '../../../src/proofs/fr32.ts'
import { preCommit2 } from '../../../src/proofs/pc2/precommit2.ts'
import { commit1, encodeSealProof, preCommit2Async, verifySeal } from '../../../src/proofs/porep/index.ts'
import {
  generateWindowPoSt,
  generateWinningPoSt,
  verifyWindowPoSt,
  verifyWinningPoSt,
} from '../../../src/proofs/post/index.ts'
import { SealProof } from '../../../src/proofs/registered-proof.ts'
import { preCommit1 } from '../../../src/proofs/sdr/precommit1.ts'
import { proverId } from '../../../src/proofs/sdr/replica-id.ts'
import { toHex } from '../../../src/util/bytes.ts'
import { LotusError } from '../../../src/util/errors.ts'

const slow = !process.env.LOTUS_TS_SLOW

test('8MiB seal, PoRep and PoSt end to end', { skip: slow && 'set LOTUS_TS_SLOW=1' }, async () => {
  const proof = SealProof.StackedDrg8MiBV1_1
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-8mib-'))
  try {
    const payload = new Uint8Array(((8 << 20) / 128) * 127).map((_, i) => (i * 7) & 0xff)
    const data = fr32Pad(payload)
    const commD = commP(payload).commP
    const cacheDir = join(dir, 'cache')
    const sealedPath = join(dir, 'sealed')
    const ticket = new Uint8Array(32).fill(1)
    const base = { proof, proverId: proverId(1000), sectorNumber: 1, ticket, commD }
    preCommit1({ ...base, cacheDir })
    const threaded = await preCommit2Async({ proof, cacheDir, unsealed: data, sealedPath }, { threads: 2 })
    const single = preCommit2({ proof, cacheDir, unsealed: data, sealedPath: join(dir, 'sealed-1') })
    assert.equal(toHex(threaded.commR), toHex(single.commR))
    assert.equal(toHex(single.commD), toHex(commD))
    assert.equal(single.sealedCid, 'bagboea4b5abcbgftv3dlxdedz2lbreaurw6l3xrcieootovz6xcbkegbjgdqcxbx')
    const seed = new Uint8Array(32).fill(2)
    const c1Input = { ...base, cacheDir, sealedPath, seed }
    const c2 = encodeSealProof(commit1(c1Input))
    const v = { ...c1Input, commR: single.commR, sealProof: c2 }
    assert.equal(verifySeal(v), true)
    assert.equal(verifySeal({ ...v, sectorNumber: 2 }), false)
    const randomness = new Uint8Array(32).fill(3)
    const sectors = [1, 2].map((sectorNumber) => ({ sectorNumber, commR: single.commR, cacheDir, sealedPath }))
    const w = generateWindowPoSt({ postProof: 11, randomness, sectors })
    assert.deepEqual(w.skipped, [])
    assert.equal(verifyWindowPoSt({ postProof: 11, randomness, sectors, proof: w.proof }), true)
    assert.equal(verifyWindowPoSt({ postProof: 11, randomness: seed, sectors, proof: w.proof }), false)
    const winning = { postProof: 1, randomness, proverId: base.proverId, sectors: sectors.slice(0, 1) }
    const wp = generateWinningPoSt(winning)
    assert.equal(verifyWinningPoSt({ ...winning, proof: wp }), true)
    // a flipped replica node under a challenged leaf: C1 reports the corruption
    const replica = new Uint8Array(readFileSync(sealedPath))
    const p = commit1(c1Input)
    replica[p.challenges[0]!.challenge * 32]! ^= 1
    writeFileSync(sealedPath, replica)
    assert.throws(() => commit1(c1Input), LotusError)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
