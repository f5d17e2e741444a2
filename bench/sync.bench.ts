/**
 * Block intake: messages validated per second by the checks a block's messages go through in the syncer
 * (MsgMeta recomputed, count, inclusion validity, gas, nonces, signatures, funds), for a block of secp
 * messages and a block of BLS messages (one aggregate verification), each beside the bare signature
 * verification of the same messages (per-message secp256k1 verify; the BLS aggregate verify), in this run.
 */
import { validateBlockMessages } from '../src/chain/consensus/message-checks.ts'
import { fundsCheck } from '../src/chain/sync/funds-check.ts'
import { msgMetaOf } from '../src/chain/sync/block-messages.ts'
import type { Address } from '../src/core/address.ts'
import { type Message, messageCid } from '../src/core/message.ts'
import { SigType } from '../src/core/signature.ts'
import { messageSigningBytes, type SignedMessage } from '../src/core/signed-message.ts'
import { aggregateSignatures, verifyAggregate } from '../src/crypto/bls.ts'
import { verifySignature } from '../src/crypto/sigs.ts'
import { devnet } from '../src/params/profiles.ts'
import { FakeState, newKey, signed } from '../test/chain/mpool/fixtures.ts'
import { header } from '../test/chain/store/chain-builder.ts'
import type { BenchRow } from './harness.ts'

const SENDERS = 10
const PER_SENDER = 20
const ROUNDS = 3

interface Block {
  bls: Message[]
  secp: SignedMessage[]
  blsAggregate: Uint8Array
  signers: Address[]
  state: FakeState
}

function makeBlock(type: 1 | 2): Block {
  const keys = Array.from({ length: SENDERS }, () => newKey(type))
  const state = new FakeState()
  for (const k of keys) state.balances.set(k.addr.toString(), 10n ** 24n)
  const msgs: SignedMessage[] = []
  for (let n = 0; n < PER_SENDER; n++) for (const k of keys) msgs.push(signed(k, n, { gasLimit: 1_000_000n }))
  if (type === SigType.Secp256k1) return { bls: [], secp: msgs, blsAggregate: new Uint8Array(0), signers: [], state }
  return {
    bls: msgs.map((m) => m.message),
    secp: [],
    blsAggregate: aggregateSignatures(msgs.map((m) => m.signature.data)),
    signers: msgs.map((m) => m.message.from),
    state,
  }
}

/** One block's message checks as the syncer runs them; returns messages per second. */
async function validatePass(b: Block): Promise<number> {
  const start = performance.now()
  const msgMetaCid = await msgMetaOf(b)
  const ctx = {
    header: header({ messages: msgMetaCid, blsAggregate: { type: SigType.BLS, data: b.blsAggregate } }),
    profile: devnet,
    bls: b.bls,
    secp: b.secp,
    msgMetaCid,
    state: b.state,
  }
  await validateBlockMessages(ctx)
  await fundsCheck.run(ctx)
  return ((b.bls.length + b.secp.length) * 1000) / (performance.now() - start)
}

function bareVerifyPass(b: Block): number {
  const start = performance.now()
  if (b.secp.length > 0)
    for (const sm of b.secp) verifySignature(sm.signature, messageSigningBytes(sm.message), sm.message.from)
  else if (
    !verifyAggregate(
      b.signers,
      b.bls.map((m) => messageCid(m).bytes),
      b.blsAggregate,
    )
  )
    throw new Error('bench block aggregate does not verify')
  return ((b.bls.length + b.secp.length) * 1000) / (performance.now() - start)
}

async function rowFor(type: 1 | 2, name: string, anchor: string): Promise<BenchRow> {
  const b = makeBlock(type)
  await validatePass(b) // warm-up
  bareVerifyPass(b)
  let ours = 0
  let bare = 0
  // Alternating rounds, best of each, so a burst of load on a shared machine does not land on one side.
  for (let round = 0; round < ROUNDS; round++) {
    ours = Math.max(ours, await validatePass(b))
    bare = Math.max(bare, bareVerifyPass(b))
  }
  return { name, value: ours, unit: 'msgs/s', anchor: { name: anchor, value: bare } }
}

export async function rows(): Promise<BenchRow[]> {
  const n = SENDERS * PER_SENDER
  return [
    await rowFor(1, `block messages validated (secp, ${n}/block)`, 'bare secp256k1 verify of the same messages'),
    await rowFor(2, `block messages validated (BLS, ${n}/block)`, 'bare BLS aggregate verify of the same messages'),
  ]
}
