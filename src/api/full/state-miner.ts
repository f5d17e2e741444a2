/**
 * The storage-miner State methods of the FullNode API (lotus api/api_full.go, v1 signatures): miner info,
 * proving deadlines, partitions, sectors and balances. Results are the Lotus-JSON of the actor's types,
 * built by the daemon from the actor's own codecs, so they travel here as JSON values.
 */
import { AddressCodec } from '../../core/address.ts'
import { BigIntCodec } from '../../core/bigint.ts'
import { type Codec, nullable, U64 } from '../../core/codec.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { BitFieldCodec } from '../../crypto/bitfield.ts'
import { InvalidError } from '../../util/errors.ts'
import { method, param } from '../method.ts'

/** A result already in Lotus-JSON form (the daemon encodes it with the actor's codecs); no CBOR form. */
export const LotusJson: Codec<unknown> = {
  name: 'LotusJson',
  toCbor: () => {
    throw new InvalidError('a Lotus-JSON result has no CBOR form')
  },
  fromCbor: () => {
    throw new InvalidError('a Lotus-JSON result has no CBOR form')
  },
  toJson: (v) => v,
  fromJson: (j) => j,
}

const miner = param('miner', AddressCodec)
const tsk = param('tsk', TipSetKeyCodec)

export const StateMinerMethods = {
  StateMinerInfo: method({
    perm: 'read',
    params: [miner, tsk],
    result: LotusJson,
    doc: "A miner's static information (Lotus MinerInfo: owner, worker, control addresses, peer id, sector size, beneficiary...).",
  }),
  StateMinerProvingDeadline: method({
    perm: 'read',
    params: [miner, tsk],
    result: LotusJson,
    doc: "The miner's current (not yet elapsed) proving deadline as `dline.Info`.",
  }),
  StateMinerDeadlines: method({
    perm: 'read',
    params: [miner, tsk],
    result: LotusJson,
    doc: 'Every deadline of the proving period: `{PostSubmissions, DisputableProofCount, DailyFee}`.',
  }),
  StateMinerPartitions: method({
    perm: 'read',
    params: [miner, param('dlIdx', U64), tsk],
    result: LotusJson,
    doc: 'The partitions of one deadline: `{AllSectors, FaultySectors, RecoveringSectors, LiveSectors, ActiveSectors}`.',
  }),
  StateMinerSectors: method({
    perm: 'read',
    params: [miner, param('sectorNos', nullable(BitFieldCodec)), tsk],
    result: LotusJson,
    doc: "The miner's proven sectors (SectorOnChainInfo), all of them or those in the bitfield.",
  }),
  StateSectorGetInfo: method({
    perm: 'read',
    params: [miner, param('sectorNumber', U64), tsk],
    result: LotusJson,
    doc: 'One proven sector (SectorOnChainInfo); null when the miner has no such sector.',
  }),
  StateMinerSectorCount: method({
    perm: 'read',
    params: [miner, tsk],
    result: LotusJson,
    doc: 'Counts of live, active and faulty sectors: `{Live, Active, Faulty}`.',
  }),
  StateMinerAvailableBalance: method({
    perm: 'read',
    params: [miner, tsk],
    result: BigIntCodec,
    doc: 'The balance the miner could withdraw: its balance less vesting funds, deposits, pledge and fee debt.',
  }),
} as const
