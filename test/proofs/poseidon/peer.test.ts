import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Field } from '@noble/curves/abstract/modular.js'
import { poseidon } from '@noble/curves/abstract/poseidon.js'
import { poseidonConstants } from '../../../src/proofs/poseidon/constants.ts'
import { poseidonHash } from '../../../src/proofs/poseidon/fast.ts'
import { FR_MODULUS } from '../../../src/proofs/poseidon/fr.ts'
import { seededRandom } from './prng.ts'

test('peer: @noble/curves generic Poseidon fed our constants gives the same hashes (element 1, tag in 0)', () => {
  const rnd = seededRandom(99n)
  for (const arity of [2, 4, 8, 11]) {
    const c = poseidonConstants(arity)
    const permute = poseidon({
      Fp: Field(FR_MODULUS),
      t: c.width,
      roundsFull: c.fullRounds,
      roundsPartial: c.partialRounds,
      sboxPower: 5,
      mds: c.mds,
      roundConstants: Array.from({ length: c.fullRounds + c.partialRounds }, (_, r) =>
        c.roundConstants.slice(r * c.width, (r + 1) * c.width),
      ),
    })
    for (let k = 0; k < 3; k++) {
      const inputs = Array.from({ length: arity }, (_, i) => (k === 0 ? BigInt(i) : rnd.fr()))
      assert.equal(permute([c.domainTag, ...inputs])[1], poseidonHash(arity, inputs), `arity ${arity} #${k}`)
    }
  }
})
