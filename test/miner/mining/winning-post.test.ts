/**
 * WinningPoSt over sectors pre-sealed by the real `lotus-seed pre-seal` (2KiB): the producer's proof, made
 * on a proofs worker thread from the sector's sealed and cache files, verifies with proofs/post the way
 * block validation calls it; a longer eligible list is narrowed to the sector the verifier challenges; a
 * corrupt replica fails as a faulty sector; with a `--winningpost` worker connected the proof is made there.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ExtendedSectorInfo } from '../../../src/core/mining.ts'
import { preSealFileFromJson } from '../../../src/chain/genesis/miner.ts'
import { Address } from '../../../src/core/address.ts'
import { blake2b256 } from '../../../src/core/cid.ts'
import { winningPoStDraw } from '../../../src/crypto/election-draws.ts'
import {
  challengedSectors,
  computeWinningPoSt,
  localWinningPoSt,
  schedulerWinningPoSt,
} from '../../../src/miner/mining/winning-post.ts'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { Scheduler } from '../../../src/miner/sched/scheduler.ts'
import { LocalWorker } from '../../../src/worker/local-worker.ts'
import type { CallSpec } from '../../../src/worker/worker.ts'
import { generateWinningPoStSectorChallenge, verifyWinningPoStInfo } from '../../../src/proofs/post/verifier.ts'
import { ProofsWorkerPool } from '../../../src/proofs/worker/pool.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'lotus-seed')
const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-winning-'))
const sectorsDir = join(dir, 'sectors')
const miner = Address.fromId(1000)
let pool: ProofsWorkerPool
let sectors: ExtendedSectorInfo[] = []

const files = (root: string) => (n: bigint) => ({
  sealed: join(root, 'sealed', `s-t01000-${n}`),
  cache: join(root, 'cache', `s-t01000-${n}`),
})

before(() => {
  const r = spawnSync(process.execPath, [SEED_BIN, '--sector-dir', sectorsDir, 'pre-seal', '--num-sectors', '3'], {
    encoding: 'utf8',
  })
  assert.equal(r.status, 0, r.stderr)
  const [m] = preSealFileFromJson(readFileSync(join(sectorsDir, 'pre-seal-t01000.json'), 'utf8'))
  sectors = m!.sectors.map((s) => ({
    sealProof: BigInt(s.proofType),
    sectorNumber: BigInt(s.sectorId),
    sectorKey: null,
    sealedCid: s.commR,
  }))
  pool = new ProofsWorkerPool({ size: 1 })
})
after(async () => {
  await pool?.close()
  rmSync(dir, { recursive: true, force: true })
})

const verify = (
  randomness: Uint8Array,
  challenged: ExtendedSectorInfo[],
  proofs: { postProof: number; proofBytes: Uint8Array }[],
) =>
  verifyWinningPoStInfo({
    randomness,
    proofs,
    prover: miner.id,
    challengedSectors: challenged.map((s) => ({ ...s, sealProof: Number(s.sealProof) })),
  })

describe('WinningPoSt of the block producer', () => {
  it('proves the challenged pre-sealed sector; block validation accepts it, other randomness does not', async () => {
    const randomness = winningPoStDraw(blake2b256(new Uint8Array([5])), miner, 17)
    const one = [sectors[1]!]
    const proofs = await computeWinningPoSt(
      { sectorFiles: files(sectorsDir), compute: localWinningPoSt(pool) },
      { miner, sectors: one, randomness },
    )
    assert.equal(proofs.length, 1)
    assert.equal(proofs[0]!.postProof, 0) // StackedDrgWinning2KiBV1
    assert.ok(verify(randomness, one, proofs))
    assert.equal(verify(winningPoStDraw(blake2b256(new Uint8Array([6])), miner, 17), one, proofs), false)
    assert.equal(verify(randomness, [sectors[0]!], proofs), false)
  })

  it('narrows a list of eligible sectors to the one the verifier challenges', async () => {
    for (const round of [1, 2, 3, 4]) {
      const randomness = winningPoStDraw(blake2b256(new Uint8Array([7])), miner, round)
      const [want] = generateWinningPoStSectorChallenge(0, miner.id, randomness, sectors.length)
      const picked = challengedSectors({ miner, sectors, randomness })
      assert.deepEqual(picked, [sectors[want!]!])
    }
    const randomness = winningPoStDraw(blake2b256(new Uint8Array([8])), miner, 30)
    const proofs = await computeWinningPoSt(
      { sectorFiles: files(sectorsDir), compute: localWinningPoSt(pool) },
      { miner, sectors, randomness },
    )
    assert.ok(verify(randomness, challengedSectors({ miner, sectors, randomness }), proofs))
  })

  it('a corrupt or missing replica is a faulty sector, not a bad proof', async () => {
    const copy = join(dir, 'copy')
    cpSync(sectorsDir, copy, { recursive: true })
    const sealed = files(copy)(0n).sealed
    const bytes = readFileSync(sealed)
    bytes[100] = bytes[100]! ^ 0xff
    writeFileSync(sealed, bytes)
    const randomness = winningPoStDraw(blake2b256(new Uint8Array([9])), miner, 3)
    const req = { miner, sectors: [sectors[0]!], randomness }
    await assert.rejects(
      computeWinningPoSt({ sectorFiles: files(copy), compute: localWinningPoSt(pool) }, req),
      /sector 0:/,
    )
    copyFileSync(join(sectorsDir, 'sealed', 's-t01000-0'), sealed)
    rmSync(join(copy, 'cache', 's-t01000-0', 'p_aux'))
    await assert.rejects(
      computeWinningPoSt({ sectorFiles: files(copy), compute: localWinningPoSt(pool) }, req),
      /sector 0:/,
    )
    await assert.rejects(
      computeWinningPoSt({ sectorFiles: files(copy), compute: localWinningPoSt(pool) }, { ...req, sectors: [] }),
      /no sectors to prove/,
    )
  })

  it('runs on a --winningpost (WNP) worker when the scheduler has one, else on the miner; both verify', async () => {
    const started: string[] = []
    class NotingWorker extends LocalWorker {
      override async start(c: CallSpec): Promise<void> {
        started.push(c.task)
        return super.start(c)
      }
    }
    const sched = new Scheduler({ db: openSqlite(':memory:') }, { heartbeatMs: 3_600_000 })
    try {
      const compute = schedulerWinningPoSt(sched, localWinningPoSt(pool))
      const deps = { sectorFiles: files(sectorsDir), compute }
      for (const round of [40, 41]) {
        if (round === 41) await sched.addWorker(new NotingWorker({ tasks: ['WNP'], sealDir: join(dir, 'seal-wnp') }))
        const randomness = winningPoStDraw(blake2b256(new Uint8Array([round])), miner, round)
        const proofs = await computeWinningPoSt(deps, { miner, sectors, randomness })
        assert.ok(verify(randomness, challengedSectors({ miner, sectors, randomness }), proofs), `round ${round}`)
      }
      assert.deepEqual(started, ['WNP'])
    } finally {
      sched.close()
    }
  })
})
