/**
 * The `lotus-bench sealing` pipeline (lotus cmd/lotus-bench `runSeals` and the PoSt part after it): for
 * each sector AddPiece, PC1, PC2, C1, C2, verify and unseal, then Winning PoSt (candidates, proof cold and
 * hot, verify cold and hot) and Window PoSt over every sealed sector. PC1, PC2 and C1 run in worker threads,
 * `parallel` sectors at a time (PC2 splits each sector over the cores left per sector). Durations are in
 * nanoseconds, as Go's time.Duration marshals them; peak memory is the process's maximum resident set size
 * after each phase.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, homedir } from 'node:os'
import { join } from 'node:path'
import { commP } from '../../proofs/commp.ts'
import { fr32Pad } from '../../proofs/fr32.ts'
import { commit1Async, encodeSealProof, preCommit2Async, unsealAsync, verifySeal } from '../../proofs/porep/index.ts'
import type { SectorToProve } from '../../proofs/post/index.ts'
import { SEAL_PROOFS, type SealProofInfo } from '../../proofs/registered-proof.ts'
import { proverId as makeProverId } from '../../proofs/sdr/replica-id.ts'
import { preCommit1Async } from '../../proofs/worker/run.ts'
import { InvalidError, LotusError } from '../../util/errors.ts'
import { postBench } from './post-bench.ts'
import type { BenchResults, SealedInfo, SealingResult } from './results.ts'

export type { BenchResults, SealedInfo, SealingResult }

export interface SealingBenchOptions {
  readonly sectorSize: number
  readonly numSectors?: number
  readonly parallel?: number
  readonly minerId: bigint
  /** Default ~/.lotus-bench; a temporary folder inside it is removed afterwards. */
  readonly storageDir?: string
  readonly skipCommit2?: boolean
  readonly skipUnseal?: boolean
  /** Fixed inputs (random when absent): 32-byte ticket and seed, payload bytes, first sector number. */
  readonly ticket?: Uint8Array
  readonly seed?: Uint8Array
  readonly payload?: Uint8Array
  readonly sectorNumber?: number
  /** Parents cache folder (default as PC1). */
  readonly parentsDir?: string
  readonly signal?: AbortSignal
  /** Called with a line of progress ("sector 1: PC2 done"). */
  readonly log?: (line: string) => void
}

/** The V1_1 seal proof for a sector size this build can seal. */
export function sealProofForSize(sectorSize: number): SealProofInfo {
  for (const p of SEAL_PROOFS.values())
    if (p.sectorSize === sectorSize && p.apiVersion === '1.1' && p.feature === '') {
      if (p.layers !== 2) throw new InvalidError(`sector size ${sectorSize} is not supported yet (2KiB, 8MiB, 512MiB)`)
      return p
    }
  throw new InvalidError(`sector size ${sectorSize} is not a Filecoin sector size`)
}

const now = () => process.hrtime.bigint()
const since = (t: bigint) => Number(now() - t)
const peak = () => process.resourceUsage().maxRSS * 1024

function check32(b: Uint8Array | undefined, what: string): void {
  if (b && b.length !== 32) throw new InvalidError(`${what} is ${b.length} bytes, want 32`)
}

interface Sealed {
  sector: SectorToProve
  result: SealingResult
  info: SealedInfo
}

async function sealOne(
  info: SealProofInfo,
  opts: SealingBenchOptions,
  dir: string,
  sectorNumber: number,
  peaks: Record<string, number>,
): Promise<Sealed> {
  const note = (phase: string) => {
    peaks[phase] = Math.max(peaks[phase] ?? 0, peak())
    opts.log?.(`sector ${sectorNumber}: ${phase} done`)
  }
  const unpadded = (info.sectorSize / 128) * 127
  const ticket = opts.ticket ?? randomBytes(32)
  const seed = opts.seed ?? randomBytes(32)
  const proverId = makeProverId(opts.minerId)
  const cacheDir = join(dir, `cache-${sectorNumber}`)
  const sealedPath = join(dir, `sealed-${sectorNumber}`)
  mkdirSync(cacheDir, { recursive: true })
  const signal = opts.signal
  let t = now()
  const payload = new Uint8Array(unpadded)
  if (opts.payload) {
    if (opts.payload.length > unpadded)
      throw new InvalidError(`payload of ${opts.payload.length} bytes does not fit a ${info.sectorSize}-byte sector`)
    payload.set(opts.payload)
  } else payload.set(randomBytes(unpadded))
  const data = fr32Pad(payload)
  const commD = commP(payload).commP
  const unsealedPath = join(dir, `unsealed-${sectorNumber}`)
  writeFileSync(unsealedPath, data) // AddPiece writes the unsealed sector file, as Lotus's does
  const AddPiece = since(t)
  note('AddPiece')
  t = now()
  await preCommit1Async(
    { proof: info.id, proverId, sectorNumber, ticket, commD, cacheDir, parentsDir: opts.parentsDir },
    { signal },
  )
  const PreCommit1 = since(t)
  note('PreCommit1')
  t = now()
  const threads = Math.max(1, Math.floor(availableParallelism() / (opts.parallel ?? 1)))
  const pc2 = await preCommit2Async(
    { proof: info.id, cacheDir, unsealed: unsealedPath, sealedPath },
    { signal, threads },
  )
  const PreCommit2 = since(t)
  note('PreCommit2')
  const c1Input = {
    proof: info.id,
    cacheDir,
    sealedPath,
    proverId,
    sectorNumber,
    ticket,
    seed,
    commD,
  }
  t = now()
  const c1 = await commit1Async(c1Input, { signal })
  const Commit1 = since(t)
  note('Commit1')
  let Commit2 = 0
  let Verify = 0
  let verified = false
  if (!opts.skipCommit2) {
    t = now()
    const proof = encodeSealProof(c1)
    Commit2 = since(t)
    note('Commit2')
    t = now()
    verified = verifySeal({ ...c1Input, commR: pc2.commR, sealProof: proof })
    Verify = since(t)
    note('Verify')
    if (!verified) throw new LotusError('ERR_INTERNAL', `sector ${sectorNumber}: seal proof does not verify`)
  }
  let Unseal = 0
  if (!opts.skipUnseal) {
    t = now()
    // as Lotus's UnsealPiece: the key is regenerated (PC1), the replica decoded and checked against CommD
    const unsealed = await unsealAsync(
      { proof: info.id, proverId, sectorNumber, ticket, commD, sealedPath, parentsDir: opts.parentsDir },
      { signal },
    )
    Unseal = since(t)
    note('Unseal')
    if (!Buffer.from(unsealed).equals(Buffer.from(data)))
      throw new LotusError('ERR_INTERNAL', `sector ${sectorNumber}: unsealed data differs from the original`)
  }
  return {
    sector: { sectorNumber, commR: pc2.commR, cacheDir, sealedPath },
    result: { AddPiece, PreCommit1, PreCommit2, Commit1, Commit2, Verify, Unseal },
    info: { SectorNumber: sectorNumber, CommD: pc2.unsealedCid, CommR: pc2.sealedCid, Verified: verified },
  }
}

/** Runs the benchmark and returns lotus-bench's results. */
export async function runSealingBench(opts: SealingBenchOptions): Promise<BenchResults> {
  const info = sealProofForSize(opts.sectorSize)
  const count = opts.numSectors ?? 1
  const parallel = opts.parallel ?? 1
  if (!Number.isInteger(count) || count < 1) throw new InvalidError(`--num-sectors ${count} must be at least 1`)
  if (!Number.isInteger(parallel) || parallel < 1) throw new InvalidError(`--parallel ${parallel} must be at least 1`)
  check32(opts.ticket, 'ticket')
  check32(opts.seed, 'seed')
  const root = opts.storageDir ?? join(homedir(), '.lotus-bench')
  mkdirSync(root, { recursive: true })
  const dir = mkdtempSync(join(root, 'bench'))
  const peaks: Record<string, number> = {}
  try {
    const first = opts.sectorNumber ?? 1
    const sealed: Sealed[] = new Array(count)
    let next = 0
    const lane = async () => {
      while (next < count) {
        const i = next++
        sealed[i] = await sealOne(info, opts, dir, first + i, peaks)
      }
    }
    await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane))
    const results = sealed.map((s) => s.result)
    const sum: SealingResult = {
      AddPiece: 0,
      PreCommit1: 0,
      PreCommit2: 0,
      Commit1: 0,
      Commit2: 0,
      Verify: 0,
      Unseal: 0,
    }
    for (const r of results) for (const k of Object.keys(sum) as (keyof SealingResult)[]) sum[k] += r[k]
    const out: BenchResults = {
      EnvVar: {},
      SectorSize: info.sectorSize,
      SectorNumber: count,
      SealingSum: sum,
      SealingResults: results,
      PostGenerateCandidates: 0,
      PostWinningProofCold: 0,
      PostWinningProofHot: 0,
      VerifyWinningPostCold: 0,
      VerifyWinningPostHot: 0,
      PostWindowProofCold: 0,
      PostWindowProofHot: 0,
      VerifyWindowPostCold: 0,
      VerifyWindowPostHot: 0,
      Sectors: sealed.map((s) => s.info),
      PeakRSS: peaks,
    }
    for (const k of ['FIL_PROOFS_PARENT_CACHE', 'LOTUS_TS_PROOFS_KERNEL']) {
      const v = process.env[k]
      if (v !== undefined) out.EnvVar[k] = v
    }
    if (!opts.skipCommit2)
      postBench(
        info,
        opts.minerId,
        sealed.map((s) => s.sector),
        out,
      )
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
