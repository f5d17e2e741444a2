import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  preCommit2Async,
  sealCommitAsync,
  verifySeal,
  verifySealAsync,
  windowPoStAsync,
} from '../../../src/proofs/porep/index.ts'
import { verifyWindowPoSt } from '../../../src/proofs/post/index.ts'
import { toHex } from '../../../src/util/bytes.ts'
import { LotusError } from '../../../src/util/errors.ts'
import { PROOF_2KIB, PROVER, type SealedSector, seal2KiB, TICKET } from '../pc2/seal-fixture.ts'

let s: SealedSector
before(() => {
  s = seal2KiB()
})
after(() => rmSync(s.dir, { recursive: true, force: true }))

test('PC2, C1+C2, verifySeal and Window PoSt in worker threads agree with the in-process results', async () => {
  const fractions: number[] = []
  const out = await preCommit2Async(
    { proof: PROOF_2KIB, cacheDir: s.cacheDir, unsealed: s.data, sealedPath: join(s.dir, 'sealed-2') },
    { onProgress: (f) => fractions.push(f) },
  )
  assert.equal(toHex(out.commR), toHex(s.commR))
  assert.equal(out.sealedCid, s.sealedCid)
  assert.equal(fractions.at(-1), 1)
  const threaded = await preCommit2Async(
    { proof: PROOF_2KIB, cacheDir: s.cacheDir, unsealed: s.data, sealedPath: join(s.dir, 'sealed-4') },
    { threads: 2 },
  )
  assert.equal(toHex(threaded.commR), toHex(s.commR))
  const input = {
    proof: PROOF_2KIB,
    cacheDir: s.cacheDir,
    sealedPath: s.sealedPath,
    proverId: PROVER,
    sectorNumber: s.sectorNumber,
    ticket: TICKET,
    seed: new Uint8Array(32).fill(4),
    commD: s.commD,
  }
  const proof = await sealCommitAsync(input)
  const v = { ...input, commR: s.commR, sealProof: proof }
  assert.equal(verifySeal(v), true)
  assert.equal(await verifySealAsync(v), true)
  const sectors = [{ sectorNumber: 1, commR: s.commR, cacheDir: s.cacheDir, sealedPath: s.sealedPath }]
  const randomness = new Uint8Array(32).fill(6)
  const w = await windowPoStAsync({ postProof: 10, randomness, sectors })
  assert.equal(verifyWindowPoSt({ postProof: 10, randomness, sectors, proof: w.proof }), true)
})

test('worker jobs: errors keep their code; an aborted job rejects', async () => {
  await assert.rejects(
    sealCommitAsync({
      proof: PROOF_2KIB,
      cacheDir: join(s.dir, 'nope'),
      sealedPath: s.sealedPath,
      proverId: PROVER,
      sectorNumber: 1,
      ticket: TICKET,
      seed: new Uint8Array(32),
      commD: s.commD,
    }),
    (err: unknown) => err instanceof LotusError && err.code === 'ERR_STORAGE',
  )
  const ctl = new AbortController()
  const p = preCommit2Async(
    { proof: PROOF_2KIB, cacheDir: s.cacheDir, unsealed: s.data, sealedPath: join(s.dir, 'sealed-3') },
    { signal: ctl.signal },
  )
  ctl.abort(new Error('stop'))
  await assert.rejects(p, /stop/)
})
