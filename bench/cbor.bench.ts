/**
 * CBOR codecs and hashing. Each figure is measured beside its anchor in the same run: the generic
 * `@ipld/dag-cbor` codec on the same CBOR value, `iso-filecoin` serializing the same Lotus-JSON message, and
 * for blake2b-256 (ours is @noble/hashes) Node's native OpenSSL blake2b512 as the physical reference.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { Message as IsoMessage } from 'iso-filecoin/message'
import { type BlockHeader, BlockHeaderCodec } from '../src/core/block-header.ts'
import { blake2b256 } from '../src/core/cid.ts'
import { decode, encode } from '../src/core/codec.ts'
import { MessageCodec } from '../src/core/message.ts'
import { parseJson } from '../src/util/json.ts'
import { VECTORS_DIR } from '../test/vectors.ts'
import { sampleHeader, sampleMessage } from '../test/core/fixtures.ts'
import { type BenchRow, opsPerSecondSync } from './harness.ts'

const MS = 700
const ROUNDS = 3

/** The first published header vector, or one built in code when ../shared is absent. */
function benchHeader(): BlockHeader {
  const p = join(VECTORS_DIR, 'serialization', 'block_headers.json')
  if (!existsSync(p)) return sampleHeader()
  const vectors = parseJson(readFileSync(p, 'utf8')) as { block: unknown }[]
  return BlockHeaderCodec.fromJson(vectors[0]!.block)
}

/**
 * Ours and the anchor in alternating short rounds, best of each: on a shared, busy machine this keeps a
 * burst of load from landing on one side only.
 */
function best(ours: () => unknown, anchor: () => unknown): [number, number] {
  let a = 0
  let b = 0
  for (let round = 0; round < ROUNDS; round++) {
    a = Math.max(a, opsPerSecondSync(ours, MS / ROUNDS))
    b = Math.max(b, opsPerSecondSync(anchor, MS / ROUNDS))
  }
  return [a, b]
}

function pair(name: string, ours: () => unknown, anchorName: string, anchor: () => unknown, unit = 'ops/s'): BenchRow {
  const [value, anchorValue] = best(ours, anchor)
  return { name, value, unit, anchor: { name: anchorName, value: anchorValue } }
}

export async function rows(): Promise<BenchRow[]> {
  const header = benchHeader()
  const headerBytes = encode(BlockHeaderCodec, header)
  const headerValue = BlockHeaderCodec.toCbor(header)
  const message = sampleMessage()
  const messageBytes = encode(MessageCodec, message)
  const messageValue = MessageCodec.toCbor(message)
  const { CID: _, ...lotusJson } = MessageCodec.toJson(message) as Record<string, unknown>

  // The peers must produce the same bytes, or the comparison is meaningless.
  const same = (a: Uint8Array, b: Uint8Array, what: string) => {
    if (Buffer.compare(a, b) !== 0) throw new Error(`bench: ${what} bytes differ from ours`)
  }
  same(dagCbor.encode(headerValue), headerBytes, '@ipld/dag-cbor header')
  same(IsoMessage.fromLotus(lotusJson as never).serialize(), messageBytes, 'iso-filecoin message')

  const mib = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff)

  return [
    pair(
      'CBOR encode BlockHeader',
      () => encode(BlockHeaderCodec, header),
      '@ipld/dag-cbor encode (generic value)',
      () => dagCbor.encode(headerValue),
    ),
    pair(
      'CBOR decode BlockHeader',
      () => decode(BlockHeaderCodec, headerBytes),
      '@ipld/dag-cbor decode (generic value)',
      () => dagCbor.decode(headerBytes),
    ),
    pair(
      'CBOR encode Message',
      () => encode(MessageCodec, message),
      '@ipld/dag-cbor encode (generic value)',
      () => dagCbor.encode(messageValue),
    ),
    pair(
      'CBOR decode Message',
      () => decode(MessageCodec, messageBytes),
      '@ipld/dag-cbor decode (generic value)',
      () => dagCbor.decode(messageBytes),
    ),
    pair(
      'Message Lotus-JSON -> CBOR bytes',
      () => encode(MessageCodec, MessageCodec.fromJson(lotusJson)),
      'iso-filecoin Message.fromLotus().serialize()',
      () => IsoMessage.fromLotus(lotusJson as never).serialize(),
    ),
    // One 1 MiB hash per op, so ops/s is MiB/s.
    pair(
      'blake2b-256 (1 MiB, @noble/hashes)',
      () => blake2b256(mib),
      'node:crypto blake2b512 (OpenSSL, native)',
      () => createHash('blake2b512').update(mib).digest(),
      'MiB/s',
    ),
  ]
}
