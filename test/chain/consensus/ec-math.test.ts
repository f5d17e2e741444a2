import assert from 'node:assert/strict'
import { test } from 'node:test'
import { computeNextBaseFee, nextBaseFeeFromUsage } from '../../../src/chain/consensus/base-fee.ts'
import {
  computeElectionProof,
  computeTicket,
  electionDraw,
  ticketDraw,
  verifyElection,
  verifyTicket,
} from '../../../src/chain/consensus/vrf.ts'
import { breakWeightTie, isHeavier, tipsetWeight, weightOf } from '../../../src/chain/consensus/weight.ts'
import { Address, AddressCodec } from '../../../src/core/address.ts'
import { encode } from '../../../src/core/codec.ts'
import { TipSet } from '../../../src/core/tipset.ts'
import { DomainSeparationTag, drawRandomness } from '../../../src/crypto/randomness.ts'
import { mainnet } from '../../../src/params/profiles.ts'
import { InvalidError } from '../../../src/util/errors.ts'
import { newKey } from '../mpool/fixtures.ts'
import { genesisTipSet, header } from '../store/chain-builder.ts'

const worker = newKey(2)
const miner = Address.fromId(1000)
const beaconData = new Uint8Array(32).fill(7)
const parentMinTicket = { vrfProof: new Uint8Array([1, 2, 3]) }

test('ticket: VRF over Draw(rbase, 1, h-1, CBOR(miner) ‖ parent min ticket), verified with the BLS worker', () => {
  const input = { beaconData, miner, height: 10, parentMinTicket }
  const expectedDraw = drawRandomness(
    beaconData,
    DomainSeparationTag.TicketProduction,
    9,
    new Uint8Array([...encode(AddressCodec, miner), 1, 2, 3]),
  )
  assert.deepEqual(ticketDraw(beaconData, miner, 10, parentMinTicket), expectedDraw)
  const ticket = computeTicket(worker.priv, input)
  assert.equal(ticket.vrfProof.length, 96)
  verifyTicket(worker.addr, input, ticket)
  assert.throws(
    () => verifyTicket(worker.addr, { ...input, height: 11 }, ticket),
    /validating block tickets failed: vrf was invalid/,
  )
  assert.throws(() => verifyTicket(newKey(2).addr, input, ticket), InvalidError)
  assert.throws(() => verifyTicket(newKey(1).addr, input, ticket), /not a BLS address/)
})

test('election: VRF over Draw(rbase, 2, h, CBOR(miner)); WinCount checked against the power', () => {
  assert.deepEqual(
    electionDraw(beaconData, miner, 10),
    drawRandomness(beaconData, DomainSeparationTag.ElectionProofProduction, 10, encode(AddressCodec, miner)),
  )
  // With all the power (λ = 5) a win is near certain; find a height that wins.
  let height = 10
  let input = { beaconData, miner, height, minerPower: 100n, totalPower: 100n }
  let proof = computeElectionProof(worker.priv, input)
  while (proof.winCount === 0) {
    input = { ...input, height: ++height }
    proof = computeElectionProof(worker.priv, input)
  }
  verifyElection(worker.addr, input, proof)
  assert.throws(
    () => verifyElection(worker.addr, input, { ...proof, winCount: proof.winCount + 1 }),
    new RegExp(`miner claims wrong number of wins: miner: ${proof.winCount + 1}, computed: ${proof.winCount}`),
  )
  assert.throws(() => verifyElection(worker.addr, input, { ...proof, winCount: 0 }), /not claiming to be a winner/)
  assert.throws(() => verifyElection(worker.addr, { ...input, height: height + 1 }, proof), /election proof failed/)
  // No power: never a winner.
  assert.equal(computeElectionProof(worker.priv, { ...input, minerPower: 0n }).winCount, 0)
})

test('weight: ParentWeight + (L<<8) + (L<<8)·ΣWinCount/10, L = bitlen(total power) − 1', () => {
  assert.equal(tipsetWeight(1000n, 1n << 40n, [1, 2]), 1000n + 10240n + 3072n)
  assert.equal(tipsetWeight(0n, (1n << 41n) - 1n, [1]), 40n * 256n + 1024n)
  assert.equal(tipsetWeight(5n, 3n, [1]), 5n + 256n + 25n) // 256/10 rounds down
  assert.equal(tipsetWeight(0n, 1n, [3]), 0n) // L = 0
  assert.throws(() => tipsetWeight(0n, 0n, [1]), /power in the net is gone/)
  const ts = TipSet.create([header({ parentWeight: 7n, height: 1 })])
  assert.equal(weightOf(ts, 1n << 10n), 7n + 2560n + 256n)
})

test('tie-break: the smaller ticket digest at the first difference wins', () => {
  const gen = genesisTipSet()
  const mk = (...tickets: number[]) =>
    TipSet.create(
      tickets.map((t, i) =>
        header({
          parents: [...gen.cids],
          height: 1,
          ticket: { vrfProof: new Uint8Array([t]) },
          miner: Address.fromId(1000 + i),
        }),
      ),
    )
  const a = mk(1)
  const b = mk(2)
  const aWins = breakWeightTie(a, b)
  assert.equal(breakWeightTie(b, a), !aWins)
  assert.equal(breakWeightTie(a, a), false) // unbroken: not heavier
  assert.equal(isHeavier(a, 10n, b, 10n), aWins)
  assert.equal(isHeavier(a, 11n, b, 10n), true)
  assert.equal(isHeavier(a, 9n, b, 10n), false)
  // Same first block, the second differs.
  const x = mk(1, 3)
  const y = mk(1, 4)
  assert.equal(breakWeightTie(x, y), !breakWeightTie(y, x))
})

test('base fee: basefee.go classic rule, hand-computed, with clamps and the 100 attoFIL floor', () => {
  const p = mainnet // target 5e9, floor 100
  const e8 = 100_000_000n
  assert.equal(computeNextBaseFee(e8, [5_000_000_000n], 1, p), e8) // at target: unchanged
  assert.equal(computeNextBaseFee(e8, [10_000_000_000n], 1, p), 112_500_000n) // full block: +12.5%
  assert.equal(computeNextBaseFee(e8, [30_000_000_000n], 1, p), 112_500_000n) // clamped at +target
  assert.equal(computeNextBaseFee(e8, [10_000_000_000n, 10_000_000_000n], 2, p), 112_500_000n)
  assert.equal(computeNextBaseFee(e8, [], 1, p), 87_500_000n) // empty: −12.5%
  assert.equal(computeNextBaseFee(e8, [6_000_000_000n], 1, p), 102_500_000n)
  assert.equal(computeNextBaseFee(e8, [10_000_000_000n], 3, p), 95_833_333n) // Go int64 and Euclidean divisions
  assert.equal(nextBaseFeeFromUsage(1001n, 0n, 1, p), 875n) // −125.125 rounds toward −∞ (Go big.Int Div)
  assert.equal(nextBaseFeeFromUsage(100n, 10_000_000_000n, 1, p), 112n)
  assert.equal(nextBaseFeeFromUsage(100n, 0n, 1, p), 100n) // the floor
  assert.equal(nextBaseFeeFromUsage(114n, 0n, 1, p), 100n) // 114 − 15 = 99 → floor
  assert.equal(nextBaseFeeFromUsage(115n, 0n, 1, p), 100n) // 115 − 15 = 100
  assert.equal(nextBaseFeeFromUsage(116n, 0n, 1, p), 101n)
  assert.throws(() => computeNextBaseFee(e8, [], 0, p), /at least one block/)
})
