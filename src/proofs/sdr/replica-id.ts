/**
 * replica_id = SHA-256(prover_id ‖ sector_number u64 BE ‖ ticket ‖ CommD ‖ porep_id), byte 31 masked with
 * 0x3f (rust-fil-proofs `storage-proofs-porep/src/stacked/vanilla/params.rs` generate_replica_id). The
 * prover id is the miner's ID-address payload (uvarint of the actor id) right-padded to 32 bytes.
 */
import { createHash } from 'node:crypto'
import { InvalidError } from '../../util/errors.ts'
import { encodeUvarint } from '../../util/varint.ts'

/** The 32-byte prover id of miner actor `actorId` (f0<actorId>). */
export function proverId(actorId: bigint | number): Uint8Array {
  const out = new Uint8Array(32)
  out.set(encodeUvarint(actorId))
  return out
}

export interface ReplicaIdInput {
  readonly proverId: Uint8Array
  readonly sectorNumber: bigint | number
  readonly ticket: Uint8Array
  readonly commD: Uint8Array
  readonly porepId: Uint8Array
}

function need32(b: Uint8Array, what: string): void {
  if (b.length !== 32) throw new InvalidError(`replica id: ${what} is ${b.length} bytes, want 32`)
}

export function replicaId(x: ReplicaIdInput): Uint8Array {
  need32(x.proverId, 'prover id')
  need32(x.ticket, 'ticket')
  need32(x.commD, 'CommD')
  need32(x.porepId, 'porep id')
  const n = BigInt(x.sectorNumber)
  if (n < 0n || n >= 1n << 64n) throw new InvalidError(`replica id: sector number ${n} is not a u64`)
  const num = new Uint8Array(8)
  new DataView(num.buffer).setBigUint64(0, n, false)
  const d = createHash('sha256')
    .update(x.proverId)
    .update(num)
    .update(x.ticket)
    .update(x.commD)
    .update(x.porepId)
    .digest()
  const out = new Uint8Array(d)
  out[31] = out[31]! & 0x3f
  return out
}
