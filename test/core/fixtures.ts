/** Sample values built in code (so the malformed-input tests do not depend on the vector files). */
import { Address } from '../../src/core/address.ts'
import type { BlockHeader } from '../../src/core/block-header.ts'
import { cidOfBytes } from '../../src/core/cid.ts'
import type { Message } from '../../src/core/message.ts'
import { SigType } from '../../src/core/signature.ts'
import { fromHex, utf8 } from '../../src/util/bytes.ts'

/** lotus chain/types/message_test.go's message. */
export function sampleMessage(): Message {
  return {
    version: 0,
    to: Address.fromId(4),
    from: Address.fromId(0),
    nonce: 34n,
    value: 0n,
    gasLimit: 123n,
    gasFeeCap: 234n,
    gasPremium: 234n,
    method: 6n,
    params: utf8('hai'),
  }
}
export const SAMPLE_MESSAGE_CBOR = '8a00420004420000182240187b4200ea4200ea0643686169'
export const SAMPLE_MESSAGE_CID = 'bafy2bzaced5rdpz57e64sc7mdwjn3blicglhpialnrph2dlbufhf6iha63dmc'

/** The empty AMT v0 root, a CID every devnet header carries. */
export const EMPTY_AMT = cidOfBytes(fromHex('8300008341008080'))

/** A header with every field populated; `seed` varies the ticket, `overrides` anything else. */
export function sampleHeader(seed = 1, overrides: Partial<BlockHeader> = {}): BlockHeader {
  const parent = cidOfBytes(Uint8Array.of(0xa0, seed & 0))
  return {
    miner: Address.fromId(1000 + seed),
    ticket: { vrfProof: new Uint8Array(96).fill(seed) },
    electionProof: { winCount: 1, vrfProof: new Uint8Array(96).fill(seed + 1) },
    beaconEntries: [{ round: 7, data: new Uint8Array(32).fill(3) }],
    winPoStProof: [{ postProof: 0, proofBytes: utf8('valid proof') }],
    parents: [parent],
    parentWeight: 3840n,
    height: 10,
    parentStateRoot: EMPTY_AMT,
    parentMessageReceipts: EMPTY_AMT,
    messages: EMPTY_AMT,
    blsAggregate: { type: SigType.BLS, data: Uint8Array.of(0xc0, ...new Uint8Array(95)) },
    timestamp: 1_596_740_665 + seed,
    blockSig: { type: SigType.BLS, data: new Uint8Array(96).fill(9) },
    forkSignaling: 0n,
    parentBaseFee: 100_000_000n,
    ...overrides,
  }
}
