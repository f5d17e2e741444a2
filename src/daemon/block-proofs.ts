/**
 * The consensus ProofVerifier the syncer uses: beacon entries through the chain's beacon, and WinningPoSt
 * through proofs/ (ffi `VerifyWinningPoSt`): the challenged sector is picked again from the miner's
 * active sectors at the election lookback with the block's randomness, and the block's one proof must
 * open it, with the miner's ID as prover and the miner's registered Winning PoSt proof.
 */
import type { BeaconVerifier } from '../chain/beacon/beacon.ts'
import type { ProofVerifier } from '../chain/consensus/block-context.ts'
import { lookbackStateRoot } from '../chain/mining/lookback-state.ts'
import { winningPoStSectors } from '../chain/mining/winning-sectors.ts'
import type { StateManager } from '../chain/state-manager/state-manager.ts'
import { StateTree } from '../chain/state/state-tree.ts'
import type { BlockHeader } from '../core/block-header.ts'
import { TipSetKey } from '../core/tipset-key.ts'
import { verifyWinningPoStInfo } from '../proofs/post/verifier.ts'
import { errorMessage, InvalidError, LotusError } from '../util/errors.ts'

export interface BlockProofDeps {
  sm: StateManager
  beacon: BeaconVerifier
}

async function verifyWinningPoSt(sm: StateManager, h: BlockHeader, randomness: Uint8Array): Promise<void> {
  if (h.winPoStProof.length !== 1)
    throw new InvalidError(`expected 1 WinningPoSt proof, block carries ${h.winPoStProof.length}`)
  const parent = await sm.chain.loadTipSet(new TipSetKey(h.parents))
  const tree = await StateTree.load(sm.deps.store, await lookbackStateRoot(sm, parent, h.height))
  const won = await winningPoStSectors(sm.deps.store, tree, h.miner, randomness)
  if (won.sectors.length === 0) throw new InvalidError(`miner ${h.miner} has no active sectors at the lookback`)
  const proof = h.winPoStProof[0]!
  if (proof.postProof !== won.postProof)
    throw new InvalidError(`WinningPoSt proof type ${proof.postProof}, the miner's is ${won.postProof}`)
  let ok: boolean
  try {
    ok = verifyWinningPoStInfo({
      randomness,
      proofs: [proof],
      challengedSectors: won.sectors.map((s) => ({
        sealProof: Number(s.sealProof),
        sectorNumber: s.sectorNumber,
        sealedCid: s.sealedCid,
      })),
      prover: h.miner.id,
    })
  } catch (err) {
    if (!(err instanceof LotusError)) throw err
    throw new InvalidError(`malformed WinningPoSt proof: ${errorMessage(err)}`)
  }
  if (!ok) throw new InvalidError(`WinningPoSt proof does not open challenged sector ${won.sectors[0]!.sectorNumber}`)
}

export function blockProofVerifier(deps: BlockProofDeps): ProofVerifier {
  return {
    verifyBeaconEntries: (entries, prev, height) => deps.beacon.verifyEntries(entries, prev, height),
    verifyWinningPoSt: (h, randomness) => verifyWinningPoSt(deps.sm, h, randomness),
  }
}
