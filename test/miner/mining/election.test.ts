/**
 * The miner's election pieces against what consensus verifies: tickets and election proofs made through a
 * wallet's WalletSign (a real keystore wallet, as the daemon's) pass consensus's verifyTicket and
 * verifyElection, WinCount follows power, a secp worker is refused, and ticket quality is Lotus's float.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { verifyElection, verifyTicket } from '../../../src/chain/consensus/vrf.ts'
import { Address } from '../../../src/core/address.ts'
import { blake2b256 } from '../../../src/core/cid.ts'
import { computeWinCount } from '../../../src/crypto/win-count.ts'
import { computeTicket, isRoundWinner, type SignFn, ticketQuality } from '../../../src/miner/mining/election.ts'
import { FsKeyStore } from '../../../src/wallet/keystore.ts'
import { LocalWallet } from '../../../src/wallet/wallet.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-mining-election-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const wallet = new LocalWallet(new FsKeyStore(dir))
const sign: SignFn = async (addr, data) => wallet.sign(addr, data)
const worker = wallet.newKey('bls')
const miner = Address.fromId(1000)
const rbase = { round: 41, data: blake2b256(new Uint8Array([9, 9])) }
const baseMinTicket = { vrfProof: blake2b256(new Uint8Array([1])) }

describe('block producer elections', () => {
  it('the ticket is the VRF consensus checks, chained to the base min ticket', async () => {
    const r = { miner, worker, rbase, round: 12 }
    const ticket = await computeTicket(sign, r, baseMinTicket)
    const input = { beaconData: rbase.data, miner, height: 12, parentMinTicket: baseMinTicket }
    verifyTicket(worker, input, ticket)
    assert.throws(() => verifyTicket(worker, { ...input, height: 13 }, ticket), /vrf was invalid/)
    assert.throws(
      () => verifyTicket(worker, { ...input, parentMinTicket: { vrfProof: new Uint8Array([2]) } }, ticket),
      /vrf was invalid/,
    )
  })

  it('a won election verifies with the WinCount consensus computes; no power never wins', async () => {
    const network = 4096n
    let won = 0
    for (let round = 1; round <= 12; round++) {
      const r = { miner, worker, rbase, round }
      const eproof = await isRoundWinner(sign, r, { miner: 2048n, network })
      if (eproof === null) continue
      won++
      assert.ok(eproof.winCount >= 1)
      assert.equal(eproof.winCount, computeWinCount(eproof.vrfProof, 2048n, network))
      const input = { beaconData: rbase.data, miner, height: round, minerPower: 2048n, totalPower: network }
      verifyElection(worker, input, eproof)
      assert.throws(() => verifyElection(worker, { ...input, height: round + 100 }, eproof), /vrf was invalid/)
    }
    // λ = 2.5: P(win) ≈ 0.92 per round, so 12 rounds with fewer than 5 wins would be a broken election
    assert.ok(won >= 5, `won ${won} of 12 rounds`)
    for (let round = 1; round <= 5; round++)
      assert.equal(await isRoundWinner(sign, { miner, worker, rbase, round }, { miner: 0n, network }), null)
  })

  it('refuses a worker key that is not BLS', async () => {
    const secp = wallet.newKey('secp256k1')
    await assert.rejects(
      computeTicket(sign, { miner, worker: secp, rbase, round: 3 }, baseMinTicket),
      /was not a BLS key/,
    )
  })

  it('ticket quality is 1 - blake2b256(proof)/2^256', () => {
    for (const n of [1, 2, 3, 200]) {
      const t = { vrfProof: new Uint8Array([n]) }
      const x = BigInt(`0x${Buffer.from(blake2b256(t.vrfProof)).toString('hex')}`)
      const want = Number(((1n << 256n) - x) >> 200n) / 2 ** 56
      const q = ticketQuality(t)
      assert.ok(q >= 0 && q <= 1)
      assert.ok(Math.abs(q - want) < 1e-15, `${q} vs ${want}`)
    }
  })
})
