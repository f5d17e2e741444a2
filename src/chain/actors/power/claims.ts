/** Reading and writing the power actor's claims HAMT. */
import type { Address } from '../../../core/address.ts'
import type { Blockstore } from '../../../ipld/blockstore.ts'
import { Hamt } from '../../../ipld/hamt/hamt.ts'
import { CLAIMS_HAMT_BIT_WIDTH, type Claim, ClaimCodec, claimKey, type PowerState } from './state.ts'

export function loadClaims(bs: Blockstore, st: PowerState): Promise<Hamt> {
  return Hamt.load(bs, st.claims, { bitWidth: CLAIMS_HAMT_BIT_WIDTH })
}

/** A miner's claim, or undefined. */
export async function getClaim(claims: Hamt, miner: Address): Promise<Claim | undefined> {
  const v = await claims.get(claimKey(miner))
  return v === undefined ? undefined : ClaimCodec.fromCbor(v, `Claim of ${miner}`)
}

export async function setClaim(claims: Hamt, miner: Address, claim: Claim): Promise<void> {
  await claims.set(claimKey(miner), ClaimCodec.toCbor(claim))
}

/** Every claim with its miner's ID address. */
export async function* allClaims(claims: Hamt): AsyncGenerator<[Uint8Array, Claim]> {
  for await (const [k, v] of claims.entries()) yield [k, ClaimCodec.fromCbor(v, 'Claim')]
}

/** The claim of `miner` in the state `st` (for consensus and the API). */
export async function readClaim(bs: Blockstore, st: PowerState, miner: Address): Promise<Claim | undefined> {
  return getClaim(await loadClaims(bs, st), miner)
}
