/**
 * The proving methods of the StorageMiner API, spread into StorageMinerMethods: Lotus's `CheckProvable`
 * (which sectors could not be proven now, and why), `ComputeWindowPoSt` and `ProvingStatus` (Lotus-TS: the tracker's current
 * deadline, last error and the steps recorded per deadline). Chain-side facts (deadlines, partitions,
 * faults) come from the FullNode API.
 */
import { Bool, I64, listOf, Str, Uint } from '../../core/codec.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { SubmitWindowedPoStParamsCodec } from '../../params/miner-post-params.ts'
import { method, param } from '../method.ts'
import { AnyJson, mapOf } from '../worker/record-codec.ts'

/** One proving step as ProvingStatus lists it. */
export interface ProvingStepJson {
  Step: 'prove' | 'submit' | 'declare'
  Deadline: number
  Open: number
  PeriodStart: number
  State: 'pending' | 'done' | 'failed'
  MsgCid: string | null
  Detail: Record<string, unknown>
  Updated: number
}

export interface ProvingStatusJson {
  /** The head's deadline (`dline.Info` JSON) at the tracker's last look; null before the first. */
  Current: Record<string, number> | null
  LastError: string
  Steps: ProvingStepJson[]
}

export const ProvingMethods = {
  CheckProvable: method({
    perm: 'admin',
    params: [param('pp', I64), param('sectors', AnyJson), param('expensive', Bool)],
    result: mapOf(Str),
    doc:
      'Checks sectors (`[{ID:{Miner,Number},ProofType}]`) as WindowPoSt would: files found, sizes, a vanilla proof ' +
      'against the CommR on chain. Returns the bad ones: sector number → reason.',
  }),
  ActorAddressConfig: method({
    perm: 'read',
    params: [],
    result: AnyJson,
    doc: 'The `[Addresses]` section of the miner config: `{PreCommitControl, CommitControl, TerminateControl, DealPublishControl, DisableOwnerFallback, DisableWorkerFallback}`.',
  }),
  ComputeWindowPoSt: method({
    perm: 'admin',
    params: [param('dlIdx', Uint), param('tsk', TipSetKeyCodec)],
    result: listOf(SubmitWindowedPoStParamsCodec),
    doc:
      "Computes a deadline's WindowPoSt now, over its last challenge already drawn (this period's, or the previous " +
      "period's for a deadline still to come), verifies it, and returns the SubmitWindowedPoSt parameters without " +
      'sending anything; `[]` when the deadline has nothing to prove. For timing proofs and trying PoSt workers.',
  }),
  ProvingStatus: method({
    perm: 'read',
    params: [],
    result: AnyJson,
    doc: "The WindowPoSt tracker's view: `{Current, LastError, Steps:[{Step,Deadline,Open,PeriodStart,State,MsgCid,Detail,Updated}]}`.",
  }),
} as const
