/**
 * CheckProvable on real pre-sealed 2KiB sectors (good, corrupted, deleted), and the WindowPoSt the prover
 * makes for a deadline: skipped sectors listed per partition, and a proof the chain's verifier accepts over
 * exactly the sectors it challenges.
 */
import assert from 'node:assert/strict'
import { openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { encodeCbor } from '../../../src/core/cbor/encode.ts'
import { DomainSeparationTag } from '../../../src/crypto/randomness.ts'
import { chainView } from '../../../src/miner/proving/chain-view.ts'
import { checkProvable } from '../../../src/miner/proving/check.ts'
import { localWindowPoSt } from '../../../src/miner/proving/compute.ts'
import { proveDeadline } from '../../../src/miner/proving/prover.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../../../src/proofs/piece-cid.ts'
import { verifyWindowPoStInfo } from '../../../src/proofs/post/verifier.ts'
import { beaconRand, copyOf, dirLocator, FakeDaemon, infoAt, MINER, type Sealed, sealedSectors } from './fixture.ts'

let s: Sealed
const dirs: string[] = []
before(async () => {
  s = await sealedSectors()
})
after(() => {
  for (const d of [...dirs, s?.dir]) if (d) rmSync(d, { recursive: true, force: true })
})

function corrupt(file: string, at: number): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, new Uint8Array(64).fill(0xaa), 0, 64, at)
  closeSync(fd)
}

const chainSector = (n: number) => {
  const x = s.sectors.find((y) => y.number === n)!
  return { number: n, sealProof: x.proof, commR: cidToCommitment(x.commR, FIL_COMMITMENT_SEALED), expiration: 1e6 }
}

describe('CheckProvable', () => {
  it('passes a good sector and names what is wrong with a broken one', () => {
    const dir = copyOf(s)
    dirs.push(dir)
    const loc = dirLocator(dir)
    assert.equal(checkProvable(1000, chainSector(0), loc).ok, true)
    // Every 32-byte node of a 2KiB replica is a TreeR leaf; overwrite two of them everywhere.
    for (let at = 0; at < 2048; at += 128) corrupt(join(dir, 'sealed', 's-t01000-1'), at)
    const bad = checkProvable(1000, chainSector(1), loc)
    assert.equal(bad.ok, false)
    assert.match(!bad.ok ? bad.reason : '', /sector 1/)
    rmSync(join(dir, 'sealed', 's-t01000-2'))
    const gone = checkProvable(1000, chainSector(2), loc)
    assert.equal(gone.ok, false)
    assert.match(!gone.ok ? gone.reason : '', /sealed file not found/)
    // A CommR the chain does not have for these files.
    const wrong = { ...chainSector(0), commR: chainSector(1).commR }
    assert.equal(checkProvable(1000, wrong, loc).ok, false)
  })
})

describe('WindowPoSt of a deadline', () => {
  it('skips the unprovable sector, proves the rest, and the verifier accepts exactly those', async () => {
    const dir = copyOf(s)
    dirs.push(dir)
    rmSync(join(dir, 'cache', 's-t01000-1'), { recursive: true })
    const d = new FakeDaemon(s)
    d.height = 52
    const dl = infoAt(52)
    d.deadlines.set(dl.index, [{ sectors: [0, 1] }, { sectors: [2] }])
    const api = d.api
    const out = await proveDeadline(
      {
        api,
        view: chainView(api, MINER),
        miner: MINER,
        minerId: 1000,
        locate: dirLocator(dir),
        compute: localWindowPoSt,
      },
      dl,
      new AbortController().signal,
    )
    assert.deepEqual(
      out.partitions.map((p) => [p.index, p.skipped.toArray()]),
      [
        [0, [1]],
        [1, []],
      ],
    )
    assert.deepEqual(out.proven, [0, 2])
    assert.equal(out.proof?.postProof, 10)
    // What the miner actor does: beacon randomness at the challenge epoch, the challenged (non-skipped) sectors.
    const randomness = beaconRand(DomainSeparationTag.WindowedPoStChallengeSeed, dl.challenge, encodeCbor(MINER.bytes))
    const info = (ns: number[]) => ({
      randomness,
      proofs: [out.proof!],
      challengedSectors: ns.map((n) => ({ sealProof: 5, sectorNumber: n, sealedCid: s.sectors[n]!.commR })),
      prover: 1000,
    })
    assert.equal(verifyWindowPoStInfo(info([0, 2])), true)
    assert.equal(verifyWindowPoStInfo(info([0, 1, 2])), false)
    // Randomness of another deadline does not verify.
    const other = { ...info([0, 2]), randomness: beaconRand(4, dl.challenge + 10, encodeCbor(MINER.bytes)) }
    assert.equal(verifyWindowPoStInfo(other), false)
  })

  it('does not challenge sectors faulty on chain, but proves declared recoveries', async () => {
    const d = new FakeDaemon(s)
    d.height = 52
    const dl = infoAt(52)
    d.deadlines.set(dl.index, [{ sectors: [0, 1], faulty: [0, 1], recovering: [1] }, { sectors: [2] }])
    const api = d.api
    const out = await proveDeadline(
      {
        api,
        view: chainView(api, MINER),
        miner: MINER,
        minerId: 1000,
        locate: dirLocator(s.dir),
        compute: localWindowPoSt,
      },
      dl,
      new AbortController().signal,
    )
    assert.deepEqual(out.proven, [1, 2])
    assert.equal(out.faulty, 1)
    assert.ok(out.partitions.every((p) => p.skipped.isEmpty))
  })
})
