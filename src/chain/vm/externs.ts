/**
 * What the VM asks of the world outside the state tree: chain randomness and proof verification. The chain
 * store supplies randomness (crypto/randomness.ts draws over tickets and beacon entries); `proofs/` supplies
 * the verifiers the storage miner actor needs. Both are optional: an actor that needs a missing one fails
 * with ErrIllegalState naming it.
 */
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'

export interface RandomnessSource {
  /** Randomness drawn from the chain's tickets at `epoch` (`GetRandomnessFromTickets`). */
  fromTickets(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array>
  /** Randomness drawn from the beacon at `epoch` (`GetRandomnessFromBeacon`). */
  fromBeacon(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array>
}

/** A sealed sector's proof to check (`proof.SealVerifyInfo`). */
export interface SealVerifyInfo {
  sealProof: number
  miner: Address
  sectorNumber: bigint
  dealIds: bigint[]
  randomness: Uint8Array
  interactiveRandomness: Uint8Array
  proof: Uint8Array
  sealedCid: CID
  unsealedCid: CID
}

/** A sector as a PoSt challenges it (`proof.SectorInfo`). */
export interface PoStSectorInfo {
  sealProof: number
  sectorNumber: bigint
  sealedCid: CID
}

/** A WindowPoSt to check (`proof.WindowPoStVerifyInfo`). */
export interface WindowPoStVerifyInfo {
  randomness: Uint8Array
  proofs: { postProof: number; proofBytes: Uint8Array }[]
  challengedSectors: PoStSectorInfo[]
  prover: Address
}

export interface ProofVerifier {
  verifySeal(info: SealVerifyInfo): Promise<boolean>
  verifyWindowPoSt(info: WindowPoStVerifyInfo): Promise<boolean>
}
