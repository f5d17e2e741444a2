import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { cidOfBytes } from '../../src/core/cid.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { MsgMetaCodec, msgMetaCid } from '../../src/core/msg-meta.ts'
import { DecodeError } from '../../src/util/errors.ts'
import { EMPTY_AMT } from './fixtures.ts'

test('MsgMeta [BlsMessages, SecpkMessages]; a block with no messages', () => {
  const meta = { blsMessages: EMPTY_AMT, secpkMessages: EMPTY_AMT }
  const bytes = encode(MsgMetaCodec, meta)
  assert.deepEqual(bytes, encodeCbor([EMPTY_AMT, EMPTY_AMT]))
  assert.deepEqual(decode(MsgMetaCodec, bytes), meta)
  assert.ok(msgMetaCid(meta).equals(cidOfBytes(bytes)))
  assert.deepEqual(MsgMetaCodec.toJson(meta), {
    BlsMessages: { '/': EMPTY_AMT.toString() },
    SecpkMessages: { '/': EMPTY_AMT.toString() },
  })
  assert.throws(
    () => decode(MsgMetaCodec, encodeCbor([EMPTY_AMT])),
    (e: unknown) => e instanceof DecodeError && /^MsgMeta: expected a tuple of 2 fields, got 1$/.test(e.message),
  )
  assert.throws(
    () => decode(MsgMetaCodec, encodeCbor([EMPTY_AMT, 1])),
    /^DecodeError: MsgMeta\.SecpkMessages: expected a CID, got number$/,
  )
})
