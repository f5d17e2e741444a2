/**
 * A deadline's WindowPoSt (Lotus storage/wdpost `runPoStCycle`): reads the deadline's partitions and their
 * sectors, pre-checks every sector that must be proven (live, and not faulty unless declared recovering),
 * draws the challenge from the beacon at the deadline's Challenge epoch (entropy: the miner address as CBOR),
 * and proves the provable sectors in one proof. Sectors that fail the check or the proof are skipped: the
 * message lists them per partition, so the chain records them as faults, and the proof covers the rest in
 * the order the chain lists them. The proof is verified (on a proofs thread) before it is handed back, as Lotus
 * does before submitting: a worker's bad proof fails the step instead of the message.
 */
import type { Address } from '../../core/address.ts'
import { encodeCbor } from '../../core/cbor/encode.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { BitField } from '../../crypto/bitfield.ts'
import { DomainSeparationTag } from '../../crypto/randomness.ts'
import type { PoStPartition, PoStProof } from '../../params/miner-post-params.ts'
import { verifyWindowPoStAsync } from '../../proofs/porep/async.ts'
import type { SectorToProve } from '../../proofs/post/sector.ts'
import { ErrorCode, errorMessage, LotusError } from '../../util/errors.ts'
import type { ChainView, DeadlineInfo, ProvingApi } from './chain-view.ts'
import { checkProvable, type FileLocator } from './check.ts'

export interface WindowPoStJob {
  readonly postProof: number
  /** The sectors' registered seal proof (names the scheduler call's sector). */
  readonly sealProof: number
  /** 32 bytes, already masked (byte 31 &= 0x3f). */
  readonly randomness: Uint8Array
  readonly sectors: readonly SectorToProve[]
}

export interface WindowPoStOutput {
  readonly proof: Uint8Array
  readonly proven: readonly (bigint | number)[]
  readonly skipped: readonly { sectorNumber: bigint | number; reason: string }[]
}

/** Computes a WindowPoSt: locally on a proofs worker thread, or on a `--windowpost` worker. */
export type ComputeWindowPoSt = (job: WindowPoStJob, signal: AbortSignal) => Promise<WindowPoStOutput>

export interface ProverDeps {
  readonly api: ProvingApi
  readonly view: ChainView
  readonly miner: Address
  readonly minerId: number
  readonly locate: FileLocator
  readonly compute: ComputeWindowPoSt
}

export interface DeadlineProof {
  readonly deadline: DeadlineInfo
  /** Partitions to submit, with their skipped sectors; empty when the deadline has nothing to prove. */
  readonly partitions: PoStPartition[]
  readonly proof: PoStProof | undefined
  readonly proven: number[]
  readonly skipped: { sector: number; reason: string }[]
  /** Sectors already faulty on chain and not recovering (not challenged). */
  readonly faulty: number
}

/** The beacon randomness a deadline's WindowPoSt is challenged with, masked for the prover. */
export async function challengeRandomness(api: ProvingApi, miner: Address, d: DeadlineInfo): Promise<Uint8Array> {
  const r = await api.StateGetRandomnessFromBeacon(
    BigInt(DomainSeparationTag.WindowedPoStChallengeSeed),
    BigInt(d.challenge),
    encodeCbor(miner.bytes),
    TipSetKey.EMPTY,
  )
  const masked = r.slice()
  masked[31] = masked[31]! & 0x3f
  return masked
}

export async function proveDeadline(deps: ProverDeps, d: DeadlineInfo, signal: AbortSignal): Promise<DeadlineProof> {
  const parts = await deps.view.partitions(d.index)
  const chosen: { index: number; toProve: BitField }[] = []
  let faulty = 0
  parts.forEach((p, index) => {
    if (p.live.isEmpty) return
    const stillFaulty = p.faulty.subtract(p.recovering)
    faulty += stillFaulty.intersect(p.live).count
    chosen.push({ index, toProve: p.live.subtract(stillFaulty) })
  })
  if (chosen.length === 0) return { deadline: d, partitions: [], proof: undefined, proven: [], skipped: [], faulty }
  const info = await deps.view.info()
  const sectors = await deps.view.sectors(BitField.unionAll(chosen.map((c) => c.toProve)))
  const skipped = new Map<number, string>()
  const good: SectorToProve[] = []
  for (const s of sectors.sort((a, b) => a.number - b.number)) {
    const r = checkProvable(deps.minerId, s, deps.locate)
    if (r.ok)
      good.push({
        sectorNumber: s.number,
        commR: s.commR,
        cacheDir: r.sector.cacheDir,
        sealedPath: r.sector.sealedPath,
      })
    else skipped.set(s.number, r.reason)
  }
  const randomness = await challengeRandomness(deps.api, deps.miner, d)
  const out = await deps.compute(
    { postProof: info.windowPoStProofType, sealProof: sectors[0]?.sealProof ?? 0, randomness, sectors: good },
    signal,
  )
  for (const s of out.skipped) skipped.set(Number(s.sectorNumber), s.reason)
  await checkProof(info.windowPoStProofType, randomness, good, out, d.index)
  const skippedSet = BitField.fromSet(skipped.keys())
  return {
    deadline: d,
    partitions: chosen.map((c) => ({ index: c.index, skipped: c.toProve.intersect(skippedSet) })),
    proof: { postProof: info.windowPoStProofType, proofBytes: out.proof },
    proven: out.proven.map(Number),
    skipped: [...skipped].map(([sector, reason]) => ({ sector, reason })),
    faulty,
  }
}

/** A computed WindowPoSt that does not verify against the chain's commitments. */
export class BadWindowPoStError extends LotusError {
  constructor(deadline: number, cause?: unknown) {
    const why = cause === undefined ? '' : ` (${errorMessage(cause)})`
    super(ErrorCode.Internal, `the WindowPoSt computed for deadline ${deadline} does not verify${why}: not submitted`, {
      cause,
    })
    this.name = 'BadWindowPoStError'
  }
}

/** Verifies the proof over the sectors it says it proved, in its order (nothing to check when none was proven). */
async function checkProof(
  postProof: number,
  randomness: Uint8Array,
  given: readonly SectorToProve[],
  out: WindowPoStOutput,
  deadline: number,
): Promise<void> {
  if (out.proven.length === 0) return
  const byNumber = new Map(given.map((s) => [Number(s.sectorNumber), s.commR]))
  const sectors = out.proven.map((n) => ({ sectorNumber: n, commR: byNumber.get(Number(n)) ?? new Uint8Array(32) }))
  const ok = await verifyWindowPoStAsync({ postProof, randomness, sectors, proof: out.proof }).catch((err) => {
    throw new BadWindowPoStError(deadline, err)
  })
  if (!ok) throw new BadWindowPoStError(deadline)
}
