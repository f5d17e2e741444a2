/**
 * The decoders the fuzz test feeds. Each target takes raw bytes and either returns a value or throws a
 * LotusError; `seeds` are valid inputs the fuzzer mutates; `encode`, when given, must give back exactly the
 * bytes a successful decode read (strict decoders accept only canonical input). Other folders' decoders
 * (RLE+, AMT/HAMT nodes, CAR) join by appending entries to `fuzzTargets`.
 */
import { decodeMsgLocation, encodeMsgLocation, type MsgLocation } from '../../src/chain/store/keys.ts'
import { chainStateFuzzTargets } from '../chain/actors/fuzz-targets.ts'
import { genesisFuzzTargets } from '../chain/genesis/fuzz-targets.ts'
import { minerFuzzTargets } from '../chain/actors/miner/fuzz-targets.ts'
import { storagePathsFuzzTargets } from '../worker/paths/fuzz-targets.ts'
import { workerFuzzTargets } from '../worker/fuzz-targets.ts'
import { ActorCodec } from '../../src/core/actor.ts'
import { Address, AddressCodec } from '../../src/core/address.ts'
import { BigIntCodec } from '../../src/core/bigint.ts'
import { BlockHeaderCodec } from '../../src/core/block-header.ts'
import { decodeCbor, encodeCbor } from '../../src/core/cbor/index.ts'
import { type Codec, decode, encode } from '../../src/core/codec.ts'
import { ElectionProofCodec } from '../../src/core/election-proof.ts'
import { MessageCodec } from '../../src/core/message.ts'
import { MsgMetaCodec } from '../../src/core/msg-meta.ts'
import { PoStProofCodec } from '../../src/core/post-proof.ts'
import { ReceiptCodec, ReceiptVersion } from '../../src/core/receipt.ts'
import { SignatureCodec, SigType } from '../../src/core/signature.ts'
import { SignedMessageCodec } from '../../src/core/signed-message.ts'
import { parseFil } from '../../src/core/token.ts'
import { TipSet, TipSetCodec } from '../../src/core/tipset.ts'
import { TipSetKey, TipSetKeyCidsCodec, TipSetKeyCodec } from '../../src/core/tipset-key.ts'
import { BitField, BitFieldCodec } from '../../src/crypto/bitfield.ts'
import { decodeAmtNode, encodeAmtNode } from '../../src/ipld/amt/node.ts'
import { decodeHamtNode } from '../../src/ipld/hamt/node.ts'
import { decodePoStProof, encodePoStProof } from '../../src/proofs/post/codec.ts'
import { decodeSealProof, encodeSealProof } from '../../src/proofs/porep/codec.ts'
import { utf8 } from '../../src/util/bytes.ts'
import { parseJson, stringifyJson } from '../../src/util/json.ts'
import { EMPTY_AMT, sampleHeader, sampleMessage } from '../core/fixtures.ts'

export interface FuzzTarget {
  name: string
  decode(bytes: Uint8Array): unknown
  /** Valid inputs to mutate. */
  seeds: Uint8Array[]
  /** Re-encodes a decoded value; a successful decode must round-trip to the same bytes. */
  encode?(value: unknown): Uint8Array
  /** The input is JSON text: also mutate it structurally (swap values for values of other kinds). */
  json?: boolean
}

const text = new TextDecoder()

/** A codec's CBOR form as a target (strict: round-trips), seeded with the given values. */
function cborTarget<T>(codec: Codec<T>, values: T[], roundTrips = true): FuzzTarget {
  return {
    name: `${codec.name} CBOR`,
    decode: (b) => decode(codec, b),
    seeds: values.map((v) => encode(codec, v)),
    encode: roundTrips ? (v) => encode(codec, v as T) : undefined,
  }
}

/** A codec's Lotus-JSON form as a target: bytes are JSON text. */
function jsonTarget<T>(codec: Codec<T>, values: T[]): FuzzTarget {
  return {
    name: `${codec.name} JSON`,
    decode: (b) => codec.fromJson(parseJson(text.decode(b))),
    seeds: values.map((v) => utf8(stringifyJson(codec.toJson(v)))),
    json: true,
  }
}

const message = sampleMessage()
const bigMessage = {
  ...message,
  nonce: (1n << 64n) - 1n,
  value: 10n ** 30n,
  gasLimit: -5n,
  params: new Uint8Array(40).fill(7),
}
const signed = { message, signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(1) } }
const headers = [
  sampleHeader(1),
  sampleHeader(2),
  sampleHeader(3, { ticket: null, electionProof: null, beaconEntries: [] }),
]
const tipset = TipSet.create([sampleHeader(1), sampleHeader(2)])
const key = new TipSetKey([EMPTY_AMT, EMPTY_AMT])
const receipts = [
  { version: ReceiptVersion.V0, exitCode: 0, return: new Uint8Array(0), gasUsed: 10n, eventsRoot: null },
  { version: ReceiptVersion.V1, exitCode: 16, return: Uint8Array.of(1, 2), gasUsed: 1n << 40n, eventsRoot: EMPTY_AMT },
] as const
const actor = {
  code: EMPTY_AMT,
  head: EMPTY_AMT,
  nonce: 1n,
  balance: 5n,
  delegatedAddress: Address.fromDelegated(10, new Uint8Array(20)),
}
const addresses = [
  Address.fromId(1234),
  message.to,
  Address.fromBlsPublicKey(new Uint8Array(48).fill(3)),
  actor.delegatedAddress,
]

export const fuzzTargets: FuzzTarget[] = [
  {
    name: 'decodeCbor',
    decode: decodeCbor,
    seeds: [encode(BlockHeaderCodec, headers[0]!), encodeCbor({ a: 1, bb: [true, null, 'x'] })],
    encode: (v) => encodeCbor(v as never),
  },
  {
    name: 'Address.fromBytes',
    decode: Address.fromBytes,
    seeds: addresses.map((a) => a.bytes),
    encode: (a) => (a as Address).bytes,
  },
  {
    name: 'Address.parse',
    decode: (b) => Address.parse(text.decode(b)),
    seeds: addresses.map((a) => utf8(a.toString('f'))),
  },
  { name: 'parseFil', decode: (b) => parseFil(text.decode(b)), seeds: [utf8('1.5 FIL'), utf8('-0.001 mFIL')] },
  cborTarget(BigIntCodec, [0n, -(10n ** 40n), 255n]),
  cborTarget(AddressCodec, addresses),
  cborTarget(SignatureCodec, [signed.signature]),
  cborTarget(MessageCodec, [message, bigMessage]),
  cborTarget(SignedMessageCodec, [signed]),
  cborTarget(ElectionProofCodec, [{ winCount: 3, vrfProof: Uint8Array.of(1) }]),
  cborTarget(PoStProofCodec, [{ postProof: 3, proofBytes: Uint8Array.of(1, 2) }]),
  cborTarget(BlockHeaderCodec, headers),
  cborTarget(MsgMetaCodec, [{ blsMessages: EMPTY_AMT, secpkMessages: EMPTY_AMT }]),
  cborTarget(TipSetKeyCodec, [key]),
  { ...cborTarget(TipSetKeyCidsCodec, [key]), name: 'TipSetKey (CID array) CBOR' },
  cborTarget(TipSetCodec, [tipset]),
  cborTarget(ReceiptCodec, [...receipts]),
  cborTarget(ActorCodec, [actor], false),
  jsonTarget(BigIntCodec, [-(10n ** 40n)]),
  jsonTarget(MessageCodec, [message, bigMessage]),
  jsonTarget(SignedMessageCodec, [signed]),
  jsonTarget(BlockHeaderCodec, headers),
  jsonTarget(TipSetKeyCodec, [key]),
  jsonTarget(TipSetCodec, [tipset]),
  jsonTarget(ReceiptCodec, [...receipts]),
  jsonTarget(ActorCodec, [actor]),
  cborTarget(BitFieldCodec, [BitField.fromSet([0, 1, 2, 7, 100, 101, 5000])]),
  {
    name: 'AMT node (bitWidth 3, leaf)',
    decode: (b) => decodeAmtNode(decodeCbor(b), 3, false, true),
    seeds: [encodeCbor([Uint8Array.of(0b101), [], [1, 'x']])],
    encode: (n) => encodeCbor(encodeAmtNode(n as never, 3, 0)),
  },
  {
    name: 'HAMT root node (bitWidth 5)',
    decode: (b) => decodeHamtNode(decodeCbor(b), 5, true),
    seeds: [encodeCbor([Uint8Array.of(0b10, 0, 0, 0), [[[Uint8Array.of(1), 7]]]])],
  },
  {
    name: 'vanilla seal proof (C2)',
    decode: decodeSealProof,
    seeds: [sealProofSeed()],
    encode: (p) => encodeSealProof(p as never),
  },
  {
    name: 'vanilla PoSt proof',
    decode: decodePoStProof,
    seeds: [postProofSeed()],
    encode: (p) => encodePoStProof(p as never),
  },
  {
    name: 'chain store MsgLocation (message index entry)',
    decode: (b) => decodeMsgLocation(b),
    seeds: [encodeMsgLocation({ tipset: key, height: 7, index: 3 })],
    encode: (v) => encodeMsgLocation(v as MsgLocation),
  },
  ...chainStateFuzzTargets,
  ...minerFuzzTargets,
  ...storagePathsFuzzTargets,
  ...workerFuzzTargets,
  ...genesisFuzzTargets,
]

/** A well-formed (not valid) 2KiB-shaped seal proof: 2 challenges, 2 layers, 14 parent columns. */
function sealProofSeed(): Uint8Array {
  const n = (count: number, fill: number) => new Uint8Array(count * 32).fill(fill)
  const column = { labels: n(2, 3), path: n(14, 4) }
  const challenge = (c: number) => ({
    challenge: c,
    dataLeaf: n(1, 1),
    dataPath: n(6, 2),
    replicaLeaf: n(1, 5),
    replicaPath: n(14, 6),
    column,
    parents: Array.from({ length: 14 }, () => column),
  })
  return encodeSealProof({
    version: 1,
    proof: 5,
    commC: n(1, 7),
    commRLast: n(1, 8),
    challenges: [challenge(3), challenge(60)],
  })
}

function postProofSeed(): Uint8Array {
  const n = (count: number, fill: number) => new Uint8Array(count * 32).fill(fill)
  const openings = Array.from({ length: 10 }, (_, i) => ({ leaf: n(1, i), path: n(14, i + 1) }))
  return encodePoStProof({
    version: 1,
    postProof: 10,
    sectors: [1n, 2n].map((sectorNumber) => ({ sectorNumber, commC: n(1, 1), commRLast: n(1, 2), openings })),
  })
}
