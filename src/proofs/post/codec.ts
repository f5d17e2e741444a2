/**
 * The versioned DAG-CBOR encoding of a vanilla PoSt proof:
 *   [version, postProof, [[sectorNumber, CommC, CommRLast, [[leaf, path]...]]...]]
 * Decoding checks shape and sizes (DecodeError naming the field); verification is in window.ts/winning.ts.
 */
import {
  asArray,
  asBytes,
  asTuple,
  asU64,
  asUint,
  type CborValue,
  decodeCbor,
  encodeCbor,
} from '../../core/cbor/index.ts'
import { DecodeError } from '../../util/errors.ts'
import { type LeafOpening, POST_PROOF_VERSION, type PoStProof, type SectorPoStProof } from './proof-types.ts'

/** Bounds that keep a hostile proof from costing unbounded work. */
const MAX_SECTORS = 2349 * 8
const MAX_OPENINGS = 66

export function encodePoStProof(p: PoStProof): Uint8Array {
  return encodeCbor([
    p.version,
    p.postProof,
    p.sectors.map((s) => [s.sectorNumber, s.commC, s.commRLast, s.openings.map((o) => [o.leaf, o.path])]),
  ])
}

function bytes32(v: CborValue, field: string): Uint8Array {
  const b = asBytes(v, field)
  if (b.length !== 32) throw new DecodeError(`${field}: ${b.length} bytes, want 32`)
  return b
}

function opening(v: CborValue, field: string): LeafOpening {
  const [leaf, path] = asTuple(v, 2, field)
  const p = asBytes(path!, `${field}.path`)
  if (p.length % 32 !== 0) throw new DecodeError(`${field}.path: ${p.length} bytes is not whole nodes`)
  return { leaf: bytes32(leaf!, `${field}.leaf`), path: p }
}

function sector(v: CborValue, field: string): SectorPoStProof {
  const f = asTuple(v, 4, field)
  const list = asArray(f[3]!, `${field}.openings`)
  if (list.length > MAX_OPENINGS) throw new DecodeError(`${field}: ${list.length} openings, at most ${MAX_OPENINGS}`)
  return {
    sectorNumber: asU64(f[0]!, `${field}.sectorNumber`),
    commC: bytes32(f[1]!, `${field}.commC`),
    commRLast: bytes32(f[2]!, `${field}.commRLast`),
    openings: list.map((o, i) => opening(o, `${field}.openings[${i}]`)),
  }
}

/** Decodes PoSt proof bytes; DecodeError on truncated, garbage or wrongly shaped input. */
export function decodePoStProof(b: Uint8Array): PoStProof {
  let v: CborValue
  try {
    v = decodeCbor(b)
  } catch (err) {
    throw new DecodeError(`PoSt proof: not valid CBOR: ${(err as Error).message}`, { cause: err })
  }
  const f = asTuple(v, 3, 'PoSt proof')
  const version = asUint(f[0]!, 'PoSt proof.version')
  if (version !== POST_PROOF_VERSION)
    throw new DecodeError(`PoSt proof: version ${version} is unknown (this build reads ${POST_PROOF_VERSION})`)
  const list = asArray(f[2]!, 'PoSt proof.sectors')
  if (list.length > MAX_SECTORS) throw new DecodeError(`PoSt proof: ${list.length} sectors, at most ${MAX_SECTORS}`)
  return {
    version,
    postProof: asUint(f[1]!, 'PoSt proof.postProof'),
    sectors: list.map((s, i) => sector(s, `PoSt proof.sectors[${i}]`)),
  }
}
