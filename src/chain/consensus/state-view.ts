/**
 * What consensus, the chain store and the mpool need to know about a state tree. The integrator
 * implements it over the state tree (chain/state) at a given state root; these folders never read actor
 * state directly.
 */
import type { Address } from '../../core/address.ts'

/** A miner's or the network's claimed power, bytes. */
export interface PowerClaim {
  rawBytePower: bigint
  qualityAdjPower: bigint
}

export interface StateView {
  /** The actor's nonce; 0 for an address with no actor yet. */
  actorNonce(addr: Address): Promise<bigint>
  /** The actor's balance in attoFIL; 0 for an address with no actor yet. */
  actorBalance(addr: Address): Promise<bigint>
  /** The miner's power claim, or undefined when the power actor has no claim for it (not a valid miner). */
  minerPower(miner: Address): Promise<PowerClaim | undefined>
  /** The network's total power. */
  totalPower(): Promise<PowerClaim>
  /** Whether the miner may win blocks (builtin-actors `MinerNominalPowerMeetsConsensusMinimum`). */
  minerEligible(miner: Address): Promise<boolean>
  /** The miner's worker key address (a BLS f3 address for a miner that mines). */
  minerWorkerKey(miner: Address): Promise<Address>
  /** The key address (f1/f3) an account resolves to, for checking signatures by ID senders. */
  accountKey(addr: Address): Promise<Address>
}
