/**
 * The State methods a sealing and proving miner reads (lotus api/api_full.go, v1 signatures): chain and
 * beacon randomness, precommits, deposits and pledge, faults and recoveries, and listings of actors and
 * miners. Actor types travel as Lotus-JSON built by the daemon from the actor's codecs.
 */
import { AddressCodec } from '../../core/address.ts'
import { BigIntCodec } from '../../core/bigint.ts'
import { Bytes, I64, listOf, U64 } from '../../core/codec.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { BitFieldCodec } from '../../crypto/bitfield.ts'
import { method, param } from '../method.ts'
import { LotusJson } from './state-miner.ts'

const miner = param('miner', AddressCodec)
const tsk = param('tsk', TipSetKeyCodec)
const randParams = [param('personalization', I64), param('randEpoch', I64), param('entropy', Bytes), tsk] as const

export const StateSealingMethods = {
  StateGetRandomnessFromTickets: method({
    perm: 'read',
    params: randParams,
    result: Bytes,
    doc: "Randomness drawn from the chain's tickets at `randEpoch` (as the VM draws it for the tipset `tsk`).",
  }),
  StateGetRandomnessFromBeacon: method({
    perm: 'read',
    params: randParams,
    result: Bytes,
    doc: 'Randomness drawn from the beacon entry for `randEpoch` (as the VM draws it for the tipset `tsk`).',
  }),
  StateSectorPreCommitInfo: method({
    perm: 'read',
    params: [miner, param('sectorNumber', U64), tsk],
    result: LotusJson,
    doc: 'A precommitted sector (SectorPreCommitOnChainInfo: Info, PreCommitDeposit, PreCommitEpoch); null when the miner has no such precommit.',
  }),
  StateMinerPreCommitDepositForPower: method({
    perm: 'read',
    params: [miner, param('pci', LotusJson), tsk],
    result: BigIntCodec,
    doc: 'The deposit a PreCommit of this SectorPreCommitInfo needs now.',
  }),
  StateMinerInitialPledgeCollateral: method({
    perm: 'read',
    params: [miner, param('pci', LotusJson), tsk],
    result: BigIntCodec,
    doc: 'The initial pledge proving this sector would lock now.',
  }),
  StateMinerFaults: method({
    perm: 'read',
    params: [miner, tsk],
    result: BitFieldCodec,
    doc: "The miner's faulty sectors.",
  }),
  StateMinerRecoveries: method({
    perm: 'read',
    params: [miner, tsk],
    result: BitFieldCodec,
    doc: "The miner's sectors declared recovering.",
  }),
  StateListActors: method({
    perm: 'read',
    params: [tsk],
    result: listOf(AddressCodec),
    doc: 'The ID addresses of every actor in the state.',
  }),
  StateListMiners: method({
    perm: 'read',
    params: [tsk],
    result: listOf(AddressCodec),
    doc: 'The storage miners that have a power claim.',
  }),
} as const
