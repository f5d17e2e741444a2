/**
 * Window PoSt (rust-fil-proofs fallback PoSt with WINDOW_POST_CHALLENGE_COUNT = 10 per sector): every
 * given sector opens 10 TreeR leaves derived from the randomness and its sector number. Sectors whose files
 * are missing or corrupt are left out and reported in `skipped`, and the proof covers the rest (Lotus then
 * declares the skipped ones faulty), instead of failing the whole set.
 */
import { InvalidError } from '../../util/errors.ts'
import { checkSingleTree } from '../pc2/tree-shape.ts'
import { checkFr32 } from './challenges.ts'
import { decodePoStProof, encodePoStProof } from './codec.ts'
import { POST_PROOF_VERSION, type PoStProofInfo, postProof, type SectorPoStProof } from './proof-types.ts'
import { FaultySectorError, proveSector, type SectorPublic, type SectorToProve, verifySector } from './sector.ts'

export interface WindowPoStInput {
  /** Registered PoSt proof (a Window one: 5..14). */
  readonly postProof: number
  /** 32 bytes, a valid Fr (Lotus masks byte 31 with 0x3f). */
  readonly randomness: Uint8Array
  readonly sectors: readonly SectorToProve[]
}

export interface WindowPoStResult {
  /** The encoded proof over the sectors not skipped, in input order. */
  readonly proof: Uint8Array
  readonly proven: bigint[]
  readonly skipped: { sectorNumber: bigint; reason: string }[]
}

function windowInfo(id: number): PoStProofInfo {
  const info = postProof(id)
  if (info.kind !== 'window') throw new InvalidError(`PoSt proof ${id} is not a Window PoSt proof`)
  checkSingleTree(info.sectorSize, `Window PoSt proof ${id}`)
  return info
}

function proveAll(
  info: PoStProofInfo,
  sectors: readonly SectorToProve[],
  randomness: Uint8Array,
  signal?: AbortSignal,
) {
  const proofs: SectorPoStProof[] = []
  const skipped: WindowPoStResult['skipped'] = []
  for (const s of sectors) {
    signal?.throwIfAborted()
    const base: number = info.indexBySector ? proofs.length * info.challenges : 0
    try {
      proofs.push(proveSector(info, s, randomness, base))
    } catch (err) {
      if (!(err instanceof FaultySectorError)) throw err
      skipped.push({ sectorNumber: err.sectorNumber, reason: err.message })
    }
  }
  return { proofs, skipped }
}

/** Proves the sectors; see WindowPoStResult. */
export function generateWindowPoSt(input: WindowPoStInput, opts: { signal?: AbortSignal } = {}): WindowPoStResult {
  const info = windowInfo(input.postProof)
  checkFr32(input.randomness, 'Window PoSt randomness')
  let { proofs, skipped } = proveAll(info, input.sectors, input.randomness, opts.signal)
  if (info.indexBySector && skipped.length > 0) {
    // API 1.0 challenges depend on each sector's position among the proven ones: prove again without the faulty.
    const bad = new Set(skipped.map((s) => s.sectorNumber))
    const again = proveAll(
      info,
      input.sectors.filter((s) => !bad.has(BigInt(s.sectorNumber))),
      input.randomness,
      opts.signal,
    )
    proofs = again.proofs
    skipped = [...skipped, ...again.skipped]
  }
  return {
    proof: encodePoStProof({ version: POST_PROOF_VERSION, postProof: input.postProof, sectors: proofs }),
    proven: proofs.map((p) => p.sectorNumber),
    skipped,
  }
}

export interface VerifyWindowPoStInput {
  readonly postProof: number
  readonly randomness: Uint8Array
  /** The sectors the proof must cover, in order. */
  readonly sectors: readonly SectorPublic[]
  readonly proof: Uint8Array
}

/** Whether the proof covers exactly these sectors for this randomness. DecodeError for malformed bytes. */
export function verifyWindowPoSt(input: VerifyWindowPoStInput): boolean {
  const info = windowInfo(input.postProof)
  checkFr32(input.randomness, 'Window PoSt randomness')
  const p = decodePoStProof(input.proof)
  if (p.postProof !== input.postProof || p.sectors.length !== input.sectors.length) return false
  if (p.sectors.length === 0) return false // nothing proven proves nothing
  return p.sectors.every((sp, i) =>
    verifySector(info, input.sectors[i]!, sp, input.randomness, info.indexBySector ? i * info.challenges : 0),
  )
}
