/** Reference CBOR -> CID facts (chain.md §1.4, §1.7) and strictness of the DAG-CBOR layer. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeCbor, encodeCbor } from '../../src/core/cbor/index.ts'
import * as dagCbor from '@ipld/dag-cbor'
import { CID, cidOfBytes, decodeCidPrefix, parseCid } from '../../src/core/cid.ts'
import { concatBytes, fromHex, toHex } from '../../src/util/bytes.ts'
import { DecodeError } from '../../src/util/errors.ts'

test('empty AMT v0 and empty HAMT CIDs', () => {
  for (const [hex, cid] of [
    ['8300008341008080', 'bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6'],
    ['824080', 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay'],
  ]) {
    const bytes = fromHex(hex!)
    assert.equal(toHex(encodeCbor(decodeCbor(bytes))), hex)
    assert.equal(cidOfBytes(bytes).toString(), cid)
  }
})

test('a decoded Filecoin CID (fast path) is an ordinary multiformats CID', () => {
  const cid = cidOfBytes(fromHex('824080'))
  const [decoded, used] = decodeCidPrefix(concatBytes(cid.bytes, Uint8Array.of(9)))
  assert.equal(used, 38)
  assert.ok(decoded.equals(cid) && decoded.equals(parseCid(cid.toString())))
  assert.equal(decoded.toString(), cid.toString())
  assert.deepEqual(decoded.multihash.digest, cid.multihash.digest)
  assert.equal(CID.asCID(decoded), decoded)
  const viaCbor = decodeCbor(encodeCbor([cid])) as CID[]
  assert.ok(viaCbor[0]!.equals(cid))
  assert.deepEqual(dagCbor.decode(encodeCbor([decoded])), [cid])
})

test('truncated and non-canonical CBOR are DecodeErrors naming the problem', () => {
  const bad: [string, RegExp][] = [
    ['1817', /non-canonical integer header/],
    ['9f00ff', /indefinite-length/],
    ['f93c00', /floating-point/],
    ['820001ff', /trailing bytes/],
    ['c100', /tag 1 is not allowed/],
    ['5a00000001', /non-canonical|exceeds the input|truncated/],
    ['83', /array length 3 exceeds the input/],
    ['1a0001', /truncated input \(need 4 more bytes, have 2\)/],
    ['a2616200616100', /map keys are not in canonical order/],
    // A CID with an explicit version 0 before the codec: multiformats reads it, go-cid rejects it.
    [`d82a582700${'0071a0e40220'}${'11'.repeat(32)}`, /invalid CID \(invalid CID bytes: not the canonical form\)/],
  ]
  for (const [hex, re] of bad)
    assert.throws(
      () => decodeCbor(fromHex(hex)),
      (e: unknown) => e instanceof DecodeError && re.test(e.message),
      hex,
    )
})
