import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseCid } from '../../src/core/cid.ts'
import {
  cidToCommitment,
  commPToCid,
  commRToCid,
  FIL_COMMITMENT_SEALED,
  parsePieceCidV2,
  pieceCidV2,
} from '../../src/proofs/piece-cid.ts'
import { fromHex } from '../../src/util/bytes.ts'

const root = fromHex('3731bb99ac689f66eef5973e4a94da188f4ddcae580724fc6f3fd60dfd488333')

test('piece CID v1 round trip and prefix', () => {
  const cid = commPToCid(root)
  assert.equal(cid.toString(), 'baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy')
  assert.deepEqual(cidToCommitment(parseCid(cid.toString())), root)
})

test('sealed CID prefix bagboea4b5abc and codec checks', () => {
  const cid = commRToCid(root)
  assert.ok(cid.toString().startsWith('bagboea4b5abc'), cid.toString())
  assert.deepEqual(cidToCommitment(cid, FIL_COMMITMENT_SEALED), root)
  assert.throws(() => cidToCommitment(cid), /has codec 0xf102, want 0xf101/)
  assert.throws(
    () => cidToCommitment(parseCid('bafy2bzacecnamqgqmifpluoeldx7zzglxcljo6oja4vrmtj7432rphldpdmm2')),
    /has codec 0x71/,
  )
})

test('piece CID v2 round trip with padding and height', () => {
  const cid = pieceCidV2(root, 2048, 1000)
  assert.ok(cid.toString().startsWith('bafkzcib'))
  const back = parsePieceCidV2(cid)
  assert.deepEqual(back, { commP: root, paddedSize: 2048, payloadSize: 1000 })
  assert.throws(() => pieceCidV2(root, 2048, 2033), /does not fit a 2048-byte piece/)
  assert.throws(() => pieceCidV2(root.subarray(1), 2048, 10), /31 bytes, want 32/)
  assert.throws(() => parsePieceCidV2(commPToCid(root)), /is not a piece CID v2/)
})
