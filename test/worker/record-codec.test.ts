import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeCbor } from '../../src/core/cbor/decode.ts'
import { encodeCbor } from '../../src/core/cbor/encode.ts'
import { AnyJson, CallSpecCodec, mapOf, WorkerJobCodec } from '../../src/api/worker/index.ts'
import { DecodeError } from '../../src/util/errors.ts'

const call = {
  callId: '1f0c9a2b-0000-4000-8000-000000000000',
  task: 'seal/v0/precommit/1',
  sector: { id: { miner: 1000, number: 7 }, proofType: 5 },
  args: { ticket: 'ab', n: [1, 2] },
}

test('CallSpec: Lotus-style JSON field names, JSON and CBOR round trips', () => {
  const json = CallSpecCodec.toJson(call)
  assert.deepEqual(json, {
    CallID: call.callId,
    Task: 'seal/v0/precommit/1',
    Sector: { ID: { Miner: 1000, Number: 7 }, ProofType: 5 },
    Args: { ticket: 'ab', n: [1, 2] },
  })
  assert.deepEqual(CallSpecCodec.fromJson(json), call)
  const cbor = encodeCbor(CallSpecCodec.toCbor(call))
  assert.deepEqual(CallSpecCodec.fromCbor(decodeCbor(cbor)), call)
})

test('malformed structs are refused with the field named', () => {
  assert.throws(
    () => CallSpecCodec.fromJson({ CallID: 'nope', Task: 'x', Sector: {}, Args: null }),
    (e: unknown) => e instanceof DecodeError && /CallSpec.CallID/.test(e.message),
  )
  assert.throws(
    () =>
      CallSpecCodec.fromJson({
        ...(CallSpecCodec.toJson(call) as object),
        Sector: { ID: { Miner: -1, Number: 1 }, ProofType: 5 },
      }),
    /CallSpec.Sector.ID.Miner/,
  )
  assert.throws(() => CallSpecCodec.fromJson([]), DecodeError)
  assert.throws(() => CallSpecCodec.fromCbor([1, 2]), /expected 4 fields/)
  assert.throws(() => mapOf(AnyJson).fromCbor([1]), /expected a map/)
  assert.throws(() => WorkerJobCodec.fromJson({ ID: {}, Sector: {}, Task: 1 }), DecodeError)
})
