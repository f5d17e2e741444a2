/**
 * Registered seal and PoSt proofs, as data (go-state-types `abi/sector.go`, rust-fil-proofs-api
 * `registry.rs`, filecoin-proofs `constants.rs`). A seal proof number fixes the sector size, the graph
 * (porep_id, API version) and the layer count.
 */
import { InvalidError } from '../util/errors.ts'

/** rust-fil-proofs ApiVersion: V1_0 orders the DRG predecessor last; V1_1+ first. */
export type ApiVersion = '1.0' | '1.1' | '1.2'

export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB

/** The five sector sizes, index 0..4 within every proof family. */
export const SECTOR_SIZES = [2 * KiB, 8 * MiB, 512 * MiB, 32 * GiB, 64 * GiB] as const
const SIZE_NAMES = ['2KiB', '8MiB', '512MiB', '32GiB', '64GiB'] as const

/** SDR layers per sector size (filecoin-proofs `LAYERS`). */
const LAYERS = [2, 2, 2, 11, 11] as const
/** Window PoSt sectors per partition (filecoin-proofs `WINDOW_POST_SECTOR_COUNT`). */
const WINDOW_POST_SECTORS = [2, 2, 2, 2349, 2300] as const

/** Seal proof families: first proof number and API version. */
const FAMILIES = [
  { suffix: 'V1', first: 0, api: '1.0', feature: '' },
  { suffix: 'V1_1', first: 5, api: '1.1', feature: '' },
  { suffix: 'V1_1_Feat_SyntheticPoRep', first: 10, api: '1.1', feature: 'synthetic' },
  { suffix: 'V1_2_Feat_NiPoRep', first: 15, api: '1.2', feature: 'ni' },
] as const

/** Base (DRG) and expansion degrees of every SDR graph. */
export const BASE_DEGREE = 6
export const EXPANSION_DEGREE = 8
/** Bytes per node (one Fr element). */
export const NODE_SIZE = 32

export interface SealProofInfo {
  /** The registered proof number (abi.RegisteredSealProof). */
  readonly id: number
  /** E.g. "StackedDrg2KiBV1_1". */
  readonly name: string
  readonly sectorSize: number
  /** Nodes per layer = sectorSize / 32. */
  readonly nodes: number
  readonly layers: number
  readonly apiVersion: ApiVersion
  readonly feature: '' | 'synthetic' | 'ni'
  /** 32 bytes: proof number u64 LE, nonce 0 u64 LE, 16 zero bytes. */
  readonly porepId: Uint8Array
  /** abi.RegisteredPoStProof numbers for this sector size. */
  readonly winningPoSt: number
  readonly windowPoStV1: number
  readonly windowPoStV1_1: number
  /** Sectors per Window PoSt partition. */
  readonly windowPoStPartitionSectors: number
}

function porepIdOf(id: number): Uint8Array {
  const out = new Uint8Array(32)
  new DataView(out.buffer).setBigUint64(0, BigInt(id), true)
  return out
}

function build(): Map<number, SealProofInfo> {
  const table = new Map<number, SealProofInfo>()
  for (const fam of FAMILIES) {
    SECTOR_SIZES.forEach((sectorSize, i) => {
      const id = fam.first + i
      table.set(id, {
        id,
        name: `StackedDrg${SIZE_NAMES[i]}${fam.suffix}`,
        sectorSize,
        nodes: sectorSize / NODE_SIZE,
        layers: LAYERS[i]!,
        apiVersion: fam.api,
        feature: fam.feature,
        porepId: porepIdOf(id),
        winningPoSt: i,
        windowPoStV1: 5 + i,
        windowPoStV1_1: 10 + i,
        windowPoStPartitionSectors: WINDOW_POST_SECTORS[i]!,
      })
    })
  }
  return table
}

const TABLE = build()

/** Every registered seal proof, by number. */
export const SEAL_PROOFS: ReadonlyMap<number, SealProofInfo> = TABLE

/** The seal proof with this number; InvalidError naming it if unknown. */
export function sealProof(id: number): SealProofInfo {
  const p = TABLE.get(id)
  if (!p) throw new InvalidError(`registered seal proof ${id} is unknown (known: 0..19)`)
  return p
}

/** Well-known numbers, for readability at call sites. */
export const SealProof = {
  StackedDrg2KiBV1: 0,
  StackedDrg8MiBV1: 1,
  StackedDrg512MiBV1: 2,
  StackedDrg32GiBV1: 3,
  StackedDrg64GiBV1: 4,
  StackedDrg2KiBV1_1: 5,
  StackedDrg8MiBV1_1: 6,
  StackedDrg512MiBV1_1: 7,
  StackedDrg32GiBV1_1: 8,
  StackedDrg64GiBV1_1: 9,
} as const

/** Window/Winning PoSt challenge counts (filecoin-proofs constants). */
export const WINNING_POST_CHALLENGE_COUNT = 66
export const WINNING_POST_SECTOR_COUNT = 1
export const WINDOW_POST_CHALLENGE_COUNT = 10
