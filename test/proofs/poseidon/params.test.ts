import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkArity, poseidonConstants } from '../../../src/proofs/poseidon/constants.ts'
import { frInv, frMul } from '../../../src/proofs/poseidon/fr.ts'
import { cauchyMds, matInvert, matMul } from '../../../src/proofs/poseidon/matrix.ts'
import { grainRoundConstants } from '../../../src/proofs/poseidon/round-constants.ts'
import { roundNumbers } from '../../../src/proofs/poseidon/round-numbers.ts'
import { InvalidError } from '../../../src/util/errors.ts'

test('round numbers: neptune test_round_numbers_against_known_values (RF = 8, RP per width)', () => {
  const cases: [t: number, rp: number][] = [
    [2, 55],
    [3, 55],
    [4, 56],
    [5, 56],
    [6, 56],
    [7, 56],
    [8, 57],
    [9, 57],
    [10, 57],
    [11, 57],
    [12, 57],
    [13, 57],
    [14, 57],
    [15, 57],
    [16, 59],
    [17, 59],
    [25, 59],
    [37, 60],
    [65, 61],
  ]
  for (const [t, rp] of cases) assert.deepEqual(roundNumbers(t), { full: 8, partial: rp }, `t = ${t}`)
})

test('Grain constants: neptune parameters/round_constants-1-1-255-9-8-57-….txt (t = 9)', () => {
  const c = grainRoundConstants(9, 8, 57)
  assert.equal(c.length, 585)
  const expected: [number, bigint][] = [
    [0, 0x6ce90d12c4045fe08c3caddb776dd84ac52b4ae7e48cd49443984154f2f4c2f9n],
    [1, 0x0ccd9b480c84022b25a75b52c8e89d80b4fa6378d32e58f3a175504940bcec39n],
    [2, 0x513ad11016ab7bb8c7ce9ae51256040e062487edf7168d206ba1b86dfe963629n],
    [3, 0x11f7cb649a0e7509a23d14173a5de7151173d08eacba753b99826b8b3779200an],
    [300, 0x233d4a56502bc122851f26f1b971a2f5148aaea7215fcf137d92a0377e604bb6n],
    [584, 0x3b3a75eb91b0f723bcc4ab7e449e4a011b8960063efe74670c05e545519d9a8cn],
  ]
  for (const [i, v] of expected) assert.equal(c[i], v, `constant ${i}`)
})

test('MDS: Cauchy 1/(i + t + j), symmetric and invertible', () => {
  for (const t of [3, 5, 9, 12]) {
    const m = cauchyMds(t)
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) {
        assert.equal(frMul(m[i]![j]!, BigInt(i + t + j)), 1n)
        assert.equal(m[i]![j], m[j]![i])
      }
    }
    const id = matMul(m, matInvert(m))
    for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) assert.equal(id[i]![j], i === j ? 1n : 0n)
  }
  assert.equal(cauchyMds(3)[0]![0], frInv(3n))
})

test('constants per arity: width, rounds, Merkle-tree domain tag, schedule sizes; bad arity rejected', () => {
  const expected = { 2: [55, 3n], 4: [56, 15n], 8: [57, 255n], 11: [57, 2047n] } as const
  for (const [arity, [rp, tag]] of Object.entries(expected)) {
    const c = poseidonConstants(Number(arity))
    assert.equal(c.width, Number(arity) + 1)
    assert.equal(c.fullRounds, 8)
    assert.equal(c.partialRounds, rp)
    assert.equal(c.domainTag, tag)
    assert.equal(c.roundConstants.length, (8 + rp) * c.width)
    assert.equal(c.sparse.length, rp)
    assert.equal(c.partialKeys.length, rp)
    assert.equal(c.fullKeys.length, 8 + rp)
    assert.equal(c.fullKeys.filter((k) => k !== null).length, 7, 'every full round but the last has keys')
    assert.equal(poseidonConstants(Number(arity)), c, 'cached')
  }
  for (const bad of [0, 1, 3, 5, 16, 2.5, Number.NaN]) {
    assert.throws(
      () => poseidonConstants(bad),
      (e: unknown) => e instanceof InvalidError && /arity/.test(e.message),
    )
    assert.throws(() => checkArity(bad), InvalidError)
  }
})
