/**
 * Chain consensus and mpool. WinCount (Lotus's Q.256 Poisson walk) beside the blake2b-256 digest it starts
 * from; mpool admissions of secp-signed messages (signature verification, nonce, balance and RBF rules
 * included) beside the bare secp256k1 verify rate on the same messages, all in this run.
 */
import { computeWinCount } from '../src/chain/consensus/win-count.ts'
import { MessagePool } from '../src/chain/mpool/message-pool.ts'
import { blake2b256 } from '../src/core/cid.ts'
import { messageSigningBytes, type SignedMessage } from '../src/core/signed-message.ts'
import { verifySignature } from '../src/crypto/sigs.ts'
import { devnet } from '../src/params/profiles.ts'
import { FakeProvider, newKey, signed } from '../test/chain/mpool/fixtures.ts'
import { type BenchRow, opsPerSecondSync } from './harness.ts'

const MS = 800

function winCountRows(): BenchRow[] {
  const proofs = Array.from({ length: 256 }, (_, i) => new Uint8Array(96).fill(i))
  let i = 0
  const ours = opsPerSecondSync(() => computeWinCount(proofs[i++ & 255]!, 20n << 30n, 100n << 30n), MS)
  const anchor = opsPerSecondSync(() => blake2b256(proofs[i++ & 255]!), MS)
  return [
    {
      name: 'WinCount (λ = 1, Q.256)',
      value: ours,
      unit: 'ops/s',
      anchor: { name: 'blake2b-256 of the 96-byte VRF proof', value: anchor },
    },
  ]
}

async function mpoolRows(): Promise<BenchRow[]> {
  const senders = Array.from({ length: 20 }, () => newKey(1))
  const perSender = 100
  const msgs: SignedMessage[] = []
  for (let n = 0; n < perSender; n++) for (const k of senders) msgs.push(signed(k, n))

  // Admissions: a fresh pool per pass, every message new.
  let admitted = 0
  let spent = 0
  while (spent < MS * 1.5) {
    const p = new FakeProvider()
    for (const k of senders) p.state.balances.set(k.addr.toString(), 10n ** 21n)
    const mp = new MessagePool(p, { profile: devnet })
    const start = performance.now()
    for (const sm of msgs) await mp.push(sm, { publish: false })
    spent += performance.now() - start
    admitted += msgs.length
  }
  let j = 0
  const verify = opsPerSecondSync(() => {
    const sm = msgs[j++ % msgs.length]!
    verifySignature(sm.signature, messageSigningBytes(sm.message), sm.message.from)
  }, MS)
  return [
    {
      name: 'mpool admissions (secp, verify included)',
      value: (admitted * 1000) / spent,
      unit: 'msgs/s',
      anchor: { name: 'bare secp256k1 verify (noble)', value: verify },
    },
  ]
}

export async function rows(): Promise<BenchRow[]> {
  return [...winCountRows(), ...(await mpoolRows())]
}
