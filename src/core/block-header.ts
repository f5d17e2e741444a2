/**
 * The block header (`lotus:chain/types/blockheader.go`): CBOR tuple of 16 fields; Lotus-JSON object with the
 * Go field names. The block CID hashes this encoding; the miner's BlockSig signs it with BlockSig = null.
 */
import { type Address, AddressCodec } from './address.ts'
import { type BeaconEntry, BeaconEntryCodec } from './beacon-entry.ts'
import { BigIntCodec } from './bigint.ts'
import { type CID, cidOfBytes } from './cid.ts'
import { Cid, type Codec, encode, nullable, U64, Uint } from './codec.ts'
import { type ElectionProof, ElectionProofCodec } from './election-proof.ts'
import { goSlice } from './go-slice.ts'
import { Epoch } from './ints.ts'
import { type PoStProof, PoStProofCodec } from './post-proof.ts'
import { type Signature, SignatureCodec } from './signature.ts'
import { type Ticket, TicketCodec } from './ticket.ts'
import { tupleCodec } from './tuple.ts'

export interface BlockHeader {
  miner: Address
  ticket: Ticket | null
  electionProof: ElectionProof | null
  beaconEntries: BeaconEntry[]
  winPoStProof: PoStProof[]
  parents: CID[]
  parentWeight: bigint
  height: number
  parentStateRoot: CID
  parentMessageReceipts: CID
  /** CID of the block's MsgMeta. */
  messages: CID
  blsAggregate: Signature | null
  /** Unix seconds (uint64). */
  timestamp: number
  blockSig: Signature | null
  /** uint64, unused by consensus. */
  forkSignaling: bigint
  parentBaseFee: bigint
}

export const BlockHeaderCodec: Codec<BlockHeader> = tupleCodec<BlockHeader>('BlockHeader', {
  miner: ['Miner', AddressCodec],
  ticket: ['Ticket', nullable(TicketCodec)],
  electionProof: ['ElectionProof', nullable(ElectionProofCodec)],
  beaconEntries: ['BeaconEntries', goSlice(BeaconEntryCodec)],
  winPoStProof: ['WinPoStProof', goSlice(PoStProofCodec)],
  parents: ['Parents', goSlice(Cid)],
  parentWeight: ['ParentWeight', BigIntCodec],
  height: ['Height', Epoch],
  parentStateRoot: ['ParentStateRoot', Cid],
  parentMessageReceipts: ['ParentMessageReceipts', Cid],
  messages: ['Messages', Cid],
  blsAggregate: ['BLSAggregate', nullable(SignatureCodec)],
  timestamp: ['Timestamp', Uint],
  blockSig: ['BlockSig', nullable(SignatureCodec)],
  forkSignaling: ['ForkSignaling', U64],
  parentBaseFee: ['ParentBaseFee', BigIntCodec],
})

/** The header's DAG-CBOR bytes. */
export function blockHeaderBytes(h: BlockHeader): Uint8Array {
  return encode(BlockHeaderCodec, h)
}

/** The block CID. */
export function blockHeaderCid(h: BlockHeader): CID {
  return cidOfBytes(blockHeaderBytes(h))
}

/** What the miner's worker key signs: the header encoded with BlockSig = null (Lotus `SigningBytes`). */
export function blockSigningBytes(h: BlockHeader): Uint8Array {
  return blockHeaderBytes({ ...h, blockSig: null })
}
