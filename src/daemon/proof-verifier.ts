/**
 * The VM's ProofVerifier over the real vanilla verifiers of `proofs/` (PoRep `verifySealInfo`, Window PoSt
 * `verifyWindowPoStInfo`): the miner address becomes its actor id, and malformed proof bytes or CIDs count as
 * a failed proof (as Lotus's verifier returns an error the actor treats as invalid), never a crash.
 */
import type { ProofVerifier, SealVerifyInfo, WindowPoStVerifyInfo } from '../chain/vm/externs.ts'
import { type Address, Protocol } from '../core/address.ts'
import { verifySealInfo } from '../proofs/porep/verifier.ts'
import { verifyWindowPoStInfo } from '../proofs/post/verifier.ts'
import { LotusError } from '../util/errors.ts'

/** The actor id of an ID address; undefined for any other kind (the actor passes ID addresses). */
const actorId = (a: Address): bigint | undefined => (a.protocol === Protocol.ID ? a.id : undefined)

/** Runs a verifier; a typed error (bad bytes, unknown proof type, non-ID address) is a failed proof. */
function checked(run: () => boolean): Promise<boolean> {
  try {
    return Promise.resolve(run())
  } catch (err) {
    if (err instanceof LotusError) return Promise.resolve(false)
    return Promise.reject(err)
  }
}

/** The verifier the daemon's state manager hands to the VM. */
export function vanillaProofVerifier(): ProofVerifier {
  return {
    verifySeal: (info: SealVerifyInfo) =>
      checked(() => {
        const miner = actorId(info.miner)
        if (miner === undefined) return false
        return verifySealInfo({ ...info, miner })
      }),
    verifyWindowPoSt: (info: WindowPoStVerifyInfo) =>
      checked(() => {
        const prover = actorId(info.prover)
        if (prover === undefined) return false
        return verifyWindowPoStInfo({ ...info, prover })
      }),
  }
}
