/**
 * Block production over the FullNode API (lotus api/api_full.go): what a miner needs to mine on a base
 * (MinerGetBaseInfo), the daemon assembling and signing a block from the miner's template (MinerCreateBlock),
 * the block going to the syncer (SyncSubmitBlock), the messages to put in it (MpoolSelect) and the local
 * randomness beacon (BeaconGetEntry).
 */
import { AddressCodec } from '../../core/address.ts'
import { type BeaconEntry, BeaconEntryCodec } from '../../core/beacon-entry.ts'
import { BigIntCodec } from '../../core/bigint.ts'
import { type BlockHeader, BlockHeaderCodec } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import { Bool, Cid, type Codec, I64, jsonWrong, listOf, nullable, Str, U64 } from '../../core/codec.ts'
import { type ElectionProof, ElectionProofCodec } from '../../core/election-proof.ts'
import type { Address } from '../../core/address.ts'
import { type PoStProof, PoStProofCodec } from '../../core/post-proof.ts'
import { SignedMessageCodec, type SignedMessage } from '../../core/signed-message.ts'
import { type Ticket, TicketCodec } from '../../core/ticket.ts'
import { type TipSetKey, TipSetKeyCodec } from '../../core/tipset-key.ts'
import { tupleCodec } from '../../core/tuple.ts'
import { InvalidError } from '../../util/errors.ts'
import { Void } from '../codecs.ts'
import { method, param } from '../method.ts'

/** builtin `ExtendedSectorInfo`: a sector as WinningPoSt challenges it. */
export interface ExtendedSectorInfo {
  sealProof: bigint
  sectorNumber: bigint
  sectorKey: CID | null
  sealedCid: CID
}
export const ExtendedSectorInfoCodec = tupleCodec<ExtendedSectorInfo>('ExtendedSectorInfo', {
  sealProof: ['SealProof', I64],
  sectorNumber: ['SectorNumber', U64],
  sectorKey: ['SectorKey', nullable(Cid)],
  sealedCid: ['SealedCID', Cid],
})

/** Lotus `api.MiningBaseInfo`. */
export interface MiningBaseInfo {
  minerPower: bigint
  networkPower: bigint
  /** The miner's sectors eligible for WinningPoSt (active at the election lookback). */
  sectors: ExtendedSectorInfo[]
  workerKey: Address
  sectorSize: bigint
  prevBeaconEntry: BeaconEntry
  /** The beacon entries a block at the epoch must carry. */
  beaconEntries: BeaconEntry[]
  eligibleForMining: boolean
}
export const MiningBaseInfoCodec = tupleCodec<MiningBaseInfo>('MiningBaseInfo', {
  minerPower: ['MinerPower', BigIntCodec],
  networkPower: ['NetworkPower', BigIntCodec],
  sectors: ['Sectors', listOf(ExtendedSectorInfoCodec)],
  workerKey: ['WorkerKey', AddressCodec],
  sectorSize: ['SectorSize', U64],
  prevBeaconEntry: ['PrevBeaconEntry', BeaconEntryCodec],
  beaconEntries: ['BeaconEntries', listOf(BeaconEntryCodec)],
  eligibleForMining: ['EligibleForMining', Bool],
})

/** Lotus `api.BlockTemplate`: what the miner decided; the daemon fills in state, messages and signature. */
export interface BlockTemplate {
  miner: Address
  parents: TipSetKey
  ticket: Ticket
  eproof: ElectionProof
  beaconValues: BeaconEntry[]
  messages: SignedMessage[]
  epoch: bigint
  timestamp: bigint
  winningPoStProof: PoStProof[]
}
export const BlockTemplateCodec = tupleCodec<BlockTemplate>('BlockTemplate', {
  miner: ['Miner', AddressCodec],
  parents: ['Parents', TipSetKeyCodec],
  ticket: ['Ticket', TicketCodec],
  eproof: ['Eproof', ElectionProofCodec],
  beaconValues: ['BeaconValues', listOf(BeaconEntryCodec)],
  messages: ['Messages', listOf(SignedMessageCodec)],
  epoch: ['Epoch', I64],
  timestamp: ['Timestamp', U64],
  winningPoStProof: ['WinningPoStProof', listOf(PoStProofCodec)],
})

/** Lotus `types.BlockMsg`: a header and the CIDs of its messages (BLS unsigned, secp signed). */
export interface BlockMsg {
  header: BlockHeader
  blsMessages: CID[]
  secpkMessages: CID[]
}
export const BlockMsgCodec = tupleCodec<BlockMsg>('BlockMsg', {
  header: ['Header', BlockHeaderCodec],
  blsMessages: ['BlsMessages', listOf(Cid)],
  secpkMessages: ['SecpkMessages', listOf(Cid)],
})

/** A JSON number (Go float64), e.g. MpoolSelect's ticket quality. */
export const Float: Codec<number> = {
  name: 'float64',
  toCbor: () => {
    throw new InvalidError('float64 has no CBOR form here')
  },
  fromCbor: () => {
    throw new InvalidError('float64 has no CBOR form here')
  },
  toJson: (v) => v,
  fromJson: (j, f = 'float64') => (typeof j === 'number' && Number.isFinite(j) ? j : jsonWrong(f, 'a number', j)),
}

const tsk = param('tsk', TipSetKeyCodec)

export const MiningMethods = {
  MinerGetBaseInfo: method({
    perm: 'read',
    params: [param('miner', AddressCodec), param('epoch', I64), tsk],
    result: nullable(MiningBaseInfoCodec),
    doc: 'What the miner needs to try to win `epoch` on the tipset `tsk`: powers, eligible sectors, worker key, beacon entries. Null when the miner has no power at the lookback.',
  }),
  MinerCreateBlock: method({
    perm: 'write',
    params: [param('template', BlockTemplateCodec)],
    result: BlockMsgCodec,
    doc: "Assembles a block from the miner's template: executes the parents, computes the message roots and the base fee, and signs the header with the worker key in this node's wallet.",
  }),
  SyncSubmitBlock: method({
    perm: 'write',
    params: [param('block', BlockMsgCodec)],
    result: Void,
    doc: 'Validates a block (every consensus rule) and adds it to the chain; the error names the rule it broke.',
  }),
  SyncCheckBad: method({
    perm: 'read',
    params: [param('cid', Cid)],
    result: Str,
    doc: 'Why a block was marked bad; the empty string when it was not.',
  }),
  MpoolSelect: method({
    perm: 'read',
    params: [tsk, param('ticketQuality', Float)],
    result: listOf(SignedMessageCodec),
    doc: 'The pending messages a block on `tsk` should include, best gas performance first, within the block gas limit.',
  }),
  BeaconGetEntry: method({
    perm: 'read',
    params: [param('epoch', I64)],
    result: BeaconEntryCodec,
    doc: "The local randomness beacon's entry for `epoch`; an error before the epoch's time has come.",
  }),
} as const
