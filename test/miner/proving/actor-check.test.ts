/**
 * The miner's WindowPoSt against the miner actor on the real VM: three real pre-sealed 2KiB sectors are
 * precommitted with their CommR and proven (seal check stubbed by the actor bench), then the prover reads
 * the actor's partitions through a FullNode-shaped view of the VM state and its proof goes through
 * SubmitWindowedPoSt with the daemon's vanilla verifier. A skipped (lost) sector becomes faulty on chain.
 */
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MinerMethod } from '../../../src/chain/actors/miner/actor.ts'
import { deadlines, minerInfo, sectors } from '../../../src/chain/actors/miner/queries.ts'
import type { Address } from '../../../src/core/address.ts'
import { encode } from '../../../src/core/codec.ts'
import { BitFieldCodec } from '../../../src/crypto/bitfield.ts'
import { DomainSeparationTag } from '../../../src/crypto/randomness.ts'
import { minerInfoJson, sectorJson } from '../../../src/daemon/handlers/state-miner.ts'
import { vanillaProofVerifier } from '../../../src/daemon/proof-verifier.ts'
import { chainView, type ProvingApi } from '../../../src/miner/proving/chain-view.ts'
import { localWindowPoSt } from '../../../src/miner/proving/compute.ts'
import { proveDeadline } from '../../../src/miner/proving/prover.ts'
import { SubmitWindowedPoStParamsCodec } from '../../../src/params/miner-post-params.ts'
import { Bench, beaconRand, ticketRand } from '../../chain/actors/miner/harness.ts'
import { locate, nextDeadline, preCommitInfo, preCommitParams, proveParams } from '../../chain/actors/miner/flow.ts'
import { copyOf, dirLocator, type Sealed, sealedSectors } from './fixture.ts'

let s: Sealed
const dirs: string[] = []
before(async () => {
  s = await sealedSectors()
})
after(() => {
  for (const d of [...dirs, s?.dir]) if (d) rmSync(d, { recursive: true, force: true })
})

/** The FullNode methods the prover reads, answered from the bench's VM state as the daemon answers them. */
function vmApi(b: Bench, miner: Address): ProvingApi {
  const head = async () => (await b.vm.tree.getActor(miner))!.head
  const store = b.vm.deps.store
  const api = {
    StateMinerPartitions: async (_m: Address, idx: bigint) =>
      (await deadlines(store, await head()))[Number(idx)]!.partitions.map((p) => ({
        AllSectors: BitFieldCodec.toJson(p.allSectors),
        FaultySectors: BitFieldCodec.toJson(p.faultySectors),
        RecoveringSectors: BitFieldCodec.toJson(p.recoveringSectors),
        LiveSectors: BitFieldCodec.toJson(p.liveSectors),
        ActiveSectors: BitFieldCodec.toJson(p.activeSectors),
      })),
    StateMinerSectors: async (_m: Address, filter: { has(n: number): boolean } | null) =>
      (await sectors(store, await head()))
        .filter((x) => !filter || filter.has(x.sectorNumber))
        .map((x) => sectorJson(x)),
    StateMinerInfo: async () => minerInfoJson(await minerInfo(store, await head())),
    StateGetRandomnessFromBeacon: async (tag: bigint, epoch: bigint, entropy: Uint8Array) =>
      beaconRand(Number(tag), Number(epoch), entropy),
  }
  return api as unknown as ProvingApi
}

async function sealedMiner(b: Bench): Promise<Address> {
  const verifier = vanillaProofVerifier()
  b.verifier.verifyWindowPoSt = (info) => verifier.verifyWindowPoSt(info)
  const miner = await b.createMiner(0)
  const infos = s.sectors.map((x) => ({ ...preCommitInfo(b, x.number), sealedCid: x.commR }))
  const pc = b.epoch
  await b.ok(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams(infos))
  await b.advanceTo(pc + b.policy.preCommitChallengeDelay + 1)
  await b.ok(0, miner, MinerMethod.ProveCommitSectors3, proveParams(s.sectors.map((x) => x.number)))
  return miner
}

/** Proves and submits the deadline holding sector 0, at its Open + 4; returns the receipt and the proof summary. */
async function submitFor(b: Bench, miner: Address, sectorsDir: string) {
  const { deadline } = await locate(b, miner, 0)
  const di = await nextDeadline(b, miner, deadline)
  await b.advanceTo(di.challenge + 1)
  const api = vmApi(b, miner)
  const proof = await proveDeadline(
    {
      api,
      view: chainView(api, miner),
      miner,
      minerId: Number(miner.id),
      locate: (_m, n) => dirLocator(sectorsDir)(1000, n),
      compute: localWindowPoSt,
    },
    { ...di, currentEpoch: b.epoch },
    new AbortController().signal,
  )
  await b.advanceTo(di.open + 4)
  const params = encode(SubmitWindowedPoStParamsCodec, {
    deadline,
    partitions: proof.partitions,
    proofs: [proof.proof!],
    chainCommitEpoch: di.open,
    chainCommitRand: ticketRand(DomainSeparationTag.PoStChainCommit, di.open, new Uint8Array(0)),
  })
  const r = await b.send(0, miner, MinerMethod.SubmitWindowedPoSt, params)
  return { r, proof, deadline, di }
}

describe('WindowPoSt through the miner actor', () => {
  it('the actor accepts the proof of every sector and the miner gains their power', async () => {
    const b = await Bench.create()
    const miner = await sealedMiner(b)
    const { r, proof, deadline } = await submitFor(b, miner, s.dir)
    assert.equal(r.receipt.exitCode, 0, r.error)
    const held = (await deadlines(b.vm.deps.store, await b.head(miner)))[deadline]!.partitions.flatMap((p) =>
      p.allSectors.toArray(),
    )
    assert.deepEqual(proof.proven, held)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, BigInt(2048 * held.length))
  })

  it('a lost sector is skipped: the proof of the rest is accepted and the sector is faulty on chain', async () => {
    const dir = copyOf(s)
    dirs.push(dir)
    rmSync(join(dir, 'sealed', 's-t01000-0'))
    const b = await Bench.create()
    const miner = await sealedMiner(b)
    const { r, proof, deadline } = await submitFor(b, miner, dir)
    assert.equal(r.receipt.exitCode, 0, r.error)
    assert.deepEqual(
      proof.skipped.map((x) => x.sector),
      [0],
    )
    const parts = (await deadlines(b.vm.deps.store, await b.head(miner)))[deadline]!.partitions
    assert.ok(parts.some((p) => p.faultySectors.has(0)))
    assert.ok(!parts.some((p) => p.faultySectors.has(1)))
  })

  it('a proof whose skipped list hides nothing but whose bytes are for other sectors is refused', async () => {
    const b = await Bench.create()
    const miner = await sealedMiner(b)
    const { deadline } = await locate(b, miner, 0)
    const di = await nextDeadline(b, miner, deadline)
    await b.advanceTo(di.open + 4)
    // A proof made for another deadline's randomness.
    const api = vmApi(b, miner)
    const other = await proveDeadline(
      {
        api,
        view: chainView(api, miner),
        miner,
        minerId: 1,
        locate: (_m, n) => dirLocator(s.dir)(1000, n),
        compute: localWindowPoSt,
      },
      { ...di, challenge: di.challenge - 1 },
      new AbortController().signal,
    )
    const params = encode(SubmitWindowedPoStParamsCodec, {
      deadline,
      partitions: other.partitions,
      proofs: [other.proof!],
      chainCommitEpoch: di.open,
      chainCommitRand: ticketRand(DomainSeparationTag.PoStChainCommit, di.open, new Uint8Array(0)),
    })
    const r = await b.send(0, miner, MinerMethod.SubmitWindowedPoSt, params)
    assert.notEqual(r.receipt.exitCode, 0)
    assert.match(r.error ?? '', /invalid PoSt/)
  })
})
