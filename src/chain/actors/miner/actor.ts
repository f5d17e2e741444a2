/**
 * The storage miner actor (`builtin-actors:actors/miner`), by Filecoin method number. Each method's body
 * lives in the file named after its concern: control.ts, precommit.ts, provecommit.ts, post.ts, cron.ts,
 * rewards.ts. Parameters and returns are the Filecoin wire tuples (types*.ts).
 */
import { MinerMethod } from '../../../core/miner-params.ts'
import { type ActorClass, method, methodTable } from '../../vm/actor-class.ts'
import { CODE_CIDS } from '../code-cids.ts'
import {
  changeOwnerAddress,
  changePeerId,
  changeWorkerAddress,
  confirmChangeWorkerAddress,
  construct,
  controlAddresses,
  withdrawBalance,
} from './control.ts'
import { onDeferredCronEvent } from './cron.ts'
import { declareFaults, declareFaultsRecovered, submitWindowedPoSt } from './post.ts'
import { preCommitSector, preCommitSectorBatch2 } from './precommit.ts'
import { proveCommitSector, proveCommitSectors3 } from './provecommit.ts'
import { applyRewards } from './rewards.ts'
import {
  ApplyRewardParamsCodec,
  ChangeOwnerAddressParamsCodec,
  ChangePeerIDParamsCodec,
  ChangeWorkerAddressParamsCodec,
  DeferredCronEventParamsCodec,
  GetControlAddressesReturnCodec,
  MinerConstructorParamsCodec,
  WithdrawBalanceParamsCodec,
  WithdrawBalanceReturnCodec,
} from './types.ts'
import {
  DeclareFaultsParamsCodec,
  DeclareFaultsRecoveredParamsCodec,
  SubmitWindowedPoStParamsCodec,
} from './types-post.ts'
import {
  BatchReturnCodec,
  PreCommitSectorBatchParams2Codec,
  PreCommitSectorParamsCodec,
  ProveCommitSectorParamsCodec,
  ProveCommitSectors3ParamsCodec,
} from './types-sectors.ts'

export { MinerMethod }

export const MinerActor: ActorClass = {
  name: 'storageminer',
  code: CODE_CIDS.storageminer,
  methods: methodTable([
    [MinerMethod.Constructor, method('Constructor', MinerConstructorParamsCodec, null, construct)],
    [MinerMethod.ControlAddresses, method('ControlAddresses', null, GetControlAddressesReturnCodec, controlAddresses)],
    [
      MinerMethod.ChangeWorkerAddress,
      method('ChangeWorkerAddress', ChangeWorkerAddressParamsCodec, null, changeWorkerAddress),
    ],
    [MinerMethod.ChangePeerID, method('ChangePeerID', ChangePeerIDParamsCodec, null, changePeerId)],
    [
      MinerMethod.SubmitWindowedPoSt,
      method('SubmitWindowedPoSt', SubmitWindowedPoStParamsCodec, null, submitWindowedPoSt),
    ],
    [MinerMethod.PreCommitSector, method('PreCommitSector', PreCommitSectorParamsCodec, null, preCommitSector)],
    [MinerMethod.ProveCommitSector, method('ProveCommitSector', ProveCommitSectorParamsCodec, null, proveCommitSector)],
    [MinerMethod.DeclareFaults, method('DeclareFaults', DeclareFaultsParamsCodec, null, declareFaults)],
    [
      MinerMethod.DeclareFaultsRecovered,
      method('DeclareFaultsRecovered', DeclareFaultsRecoveredParamsCodec, null, declareFaultsRecovered),
    ],
    [
      MinerMethod.OnDeferredCronEvent,
      method('OnDeferredCronEvent', DeferredCronEventParamsCodec, null, onDeferredCronEvent),
    ],
    [MinerMethod.ApplyRewards, method('ApplyRewards', ApplyRewardParamsCodec, null, applyRewards)],
    [
      MinerMethod.WithdrawBalance,
      method('WithdrawBalance', WithdrawBalanceParamsCodec, WithdrawBalanceReturnCodec, withdrawBalance),
    ],
    [
      MinerMethod.ConfirmChangeWorkerAddress,
      method('ConfirmChangeWorkerAddress', null, null, confirmChangeWorkerAddress),
    ],
    [
      MinerMethod.ChangeOwnerAddress,
      method('ChangeOwnerAddress', ChangeOwnerAddressParamsCodec, null, changeOwnerAddress),
    ],
    [
      MinerMethod.PreCommitSectorBatch2,
      method('PreCommitSectorBatch2', PreCommitSectorBatchParams2Codec, null, preCommitSectorBatch2),
    ],
    [
      MinerMethod.ProveCommitSectors3,
      method('ProveCommitSectors3', ProveCommitSectors3ParamsCodec, BatchReturnCodec, proveCommitSectors3),
    ],
  ]),
}
