/**
 * Block production over the FullNode API (lotus api/api_full.go): what a miner needs to mine on a base
 * (MinerGetBaseInfo), the daemon assembling and signing a block from the miner's template (MinerCreateBlock),
 * the block going to the syncer (SyncSubmitBlock), the messages to put in it (MpoolSelect) and the local
 * randomness beacon (BeaconGetEntry).
 */
import { AddressCodec } from '../../core/address.ts'
import { BeaconEntryCodec } from '../../core/beacon-entry.ts'
import { Cid, type Codec, I64, jsonWrong, listOf, nullable, Str } from '../../core/codec.ts'
import { BlockMsgCodec, BlockTemplateCodec, MiningBaseInfoCodec } from '../../core/mining.ts'
import { SignedMessageCodec } from '../../core/signed-message.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { InvalidError } from '../../util/errors.ts'
import { Void } from '../codecs.ts'
import { method, param } from '../method.ts'

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
