import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SEAL_PROOFS, SealProof, sealProof } from '../../src/proofs/registered-proof.ts'
import { toHex } from '../../src/util/bytes.ts'

test('registered seal proofs: numbers, sizes, layers, porep ids', () => {
  assert.equal(SEAL_PROOFS.size, 20)
  const p = sealProof(SealProof.StackedDrg2KiBV1_1)
  assert.equal(p.name, 'StackedDrg2KiBV1_1')
  assert.equal(p.sectorSize, 2048)
  assert.equal(p.nodes, 64)
  assert.equal(p.layers, 2)
  assert.equal(p.apiVersion, '1.1')
  assert.equal(toHex(p.porepId), `05${'00'.repeat(31)}`)
  const big = sealProof(SealProof.StackedDrg32GiBV1)
  assert.equal(big.layers, 11)
  assert.equal(big.nodes, 2 ** 30)
  assert.equal(big.apiVersion, '1.0')
  assert.equal(big.windowPoStPartitionSectors, 2349)
  assert.equal(sealProof(9).windowPoStPartitionSectors, 2300)
  assert.equal(sealProof(12).feature, 'synthetic')
  assert.equal(sealProof(17).name, 'StackedDrg512MiBV1_2_Feat_NiPoRep')
  assert.equal(sealProof(8).winningPoSt, 3)
  assert.equal(sealProof(8).windowPoStV1_1, 13)
  assert.throws(() => sealProof(20), /registered seal proof 20 is unknown/)
  assert.throws(() => sealProof(-1), /unknown/)
})
