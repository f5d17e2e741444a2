/**
 * VM benchmark: simple sends (value transfers between existing secp accounts, from and to key addresses)
 * applied per second on a state tree of 1,000 accounts, flush included — once without signature checks
 * (the VM itself never checks them; block validation does) and once with each message's secp256k1
 * signature verified before it is applied. Anchor: the raw floor of the state-tree work, the same number of
 * messages each doing 2 HAMT gets and 2 HAMT sets (sender and receiver actors) on a HAMT holding the same
 * actors, then one flush. Tipsets: computeTipSetState of 2 blocks × 100 of the same sends (with the block
 * rewards and the cron tick), beside the same HAMT floor per tipset's 200 messages.
 */
import { type Actor, ActorCodec } from '../src/core/actor.ts'
import type { Address } from '../src/core/address.ts'
import type { Message } from '../src/core/message.ts'
import { SigType } from '../src/core/signature.ts'
import { FIL_PRECISION } from '../src/core/token.ts'
import { keyAddress, sign, verifySignature } from '../src/crypto/sigs.ts'
import { messageSigningBytes } from '../src/core/signed-message.ts'
import { Hamt } from '../src/ipld/hamt/hamt.ts'
import { MemoryBlockstore } from '../src/ipld/memory-blockstore.ts'
import { buildGenesisState } from '../src/chain/actors/genesis-state.ts'
import { builtinActors } from '../src/chain/actors/registry.ts'
import { StateTree } from '../src/chain/state/state-tree.ts'
import { computeTipSetState } from '../src/chain/vm/compute-tipset-state.ts'
import { Vm } from '../src/chain/vm/vm.ts'
import type { BenchRow } from './harness.ts'

const ACCOUNTS = 1000
const MESSAGES = 2000

function keys(n: number): { priv: Uint8Array; addr: Address }[] {
  return Array.from({ length: n }, (_, i) => {
    const priv = new Uint8Array(32)
    priv[0] = 1
    new DataView(priv.buffer).setUint32(28, i + 1)
    return { priv, addr: keyAddress(SigType.Secp256k1, priv) }
  })
}

function messages(ks: { addr: Address }[]): Message[] {
  const nonces = new Array<bigint>(ks.length).fill(0n)
  return Array.from({ length: MESSAGES }, (_, i) => {
    const f = (i * 7919) % ks.length
    const t = (i * 104729 + 1) % ks.length
    return {
      version: 0,
      from: ks[f]!.addr,
      to: ks[t]!.addr,
      nonce: nonces[f]!++,
      value: 1000n,
      gasLimit: 1_000_000n,
      gasFeeCap: 200n,
      gasPremium: 50n,
      method: 0n,
      params: new Uint8Array(0),
    }
  })
}

async function applyAll(
  root: Awaited<ReturnType<typeof buildGenesisState>>['stateRoot'],
  store: MemoryBlockstore,
  msgs: Message[],
  check?: (m: Message) => void,
): Promise<number> {
  const t = performance.now()
  const vm = await Vm.create({ store, actors: builtinActors() }, root, { epoch: 1, baseFee: 100n })
  for (const m of msgs) {
    check?.(m)
    const r = await vm.applyMessage(m)
    if (r.receipt.exitCode !== 0) throw new Error(`bench message failed: ${r.error}`)
  }
  await vm.flush()
  return (performance.now() - t) / 1000
}

/** The floor: 2 gets + 2 sets of actors per message on a HAMT of the same actors, then a flush. */
async function hamtFloor(store: MemoryBlockstore, actors: [Uint8Array, Actor][], n: number): Promise<number> {
  const h = Hamt.create(store, { bitWidth: 5 })
  for (const [k, a] of actors) await h.set(k, ActorCodec.toCbor(a))
  await h.flush()
  const t = performance.now()
  for (let i = 0; i < n; i++) {
    for (const [k] of [actors[(i * 7919) % actors.length]!, actors[(i * 104729 + 1) % actors.length]!]) {
      const a = ActorCodec.fromCbor((await h.get(k))!)
      await h.set(k, ActorCodec.toCbor({ ...a, balance: a.balance + 1n }))
    }
  }
  await h.flush()
  return (performance.now() - t) / 1000
}

export async function rows(): Promise<BenchRow[]> {
  const ks = keys(ACCOUNTS)
  const store = new MemoryBlockstore()
  const { stateRoot } = await buildGenesisState(store, {
    networkName: 'bench',
    accounts: ks.map((k) => ({ address: k.addr, balance: 1000n * FIL_PRECISION })),
  })
  const msgs = messages(ks)
  const sigs = new Map(
    msgs.map((m) => {
      const priv = ks.find((k) => k.addr.equals(m.from))!.priv
      return [m, sign(SigType.Secp256k1, priv, messageSigningBytes(m))] as const
    }),
  )
  const tree = await StateTree.load(store, stateRoot)
  const actors: [Uint8Array, Actor][] = []
  for await (const [addr, a] of tree.actors()) actors.push([addr.bytes, a])

  let plain = Number.POSITIVE_INFINITY
  let floor = Number.POSITIVE_INFINITY
  for (let r = 0; r < 3; r++) {
    plain = Math.min(plain, await applyAll(stateRoot, store, msgs))
    floor = Math.min(floor, await hamtFloor(store, actors, MESSAGES))
  }
  const signed = await applyAll(stateRoot, store, msgs, (m) =>
    verifySignature(sigs.get(m)!, messageSigningBytes(m), m.from),
  )
  const anchor = { name: 'HAMT floor: 2 get + 2 set per message', value: MESSAGES / floor }

  // Tipsets of 2 blocks x 100 messages; the second block's miner is an account (its reward is burned).
  const per = 100
  const tipsets = MESSAGES / (2 * per)
  const deps = { store, actors: builtinActors() }
  const t = performance.now()
  let root = stateRoot
  for (let i = 0; i < tipsets; i++) {
    const slice = msgs.slice(i * 2 * per, (i + 1) * 2 * per)
    const blocks = [0, 1].map((b) => ({
      miner: ks[b]!.addr,
      winCount: 1,
      blsMessages: slice.slice(b * per, (b + 1) * per),
      secpMessages: [],
    }))
    root = (
      await computeTipSetState(deps, { parentStateRoot: root, parentEpoch: i, epoch: i + 1, blocks, baseFee: 100n })
    ).stateRoot
  }
  const tipsetSecs = (performance.now() - t) / 1000
  return [
    { name: 'VM simple sends (no signature check)', value: MESSAGES / plain, unit: 'msgs/s', anchor },
    { name: 'VM simple sends + secp256k1 verify', value: MESSAGES / signed, unit: 'msgs/s', anchor },
    {
      name: 'tipsets executed (2 blocks x 100 sends)',
      value: tipsets / tipsetSecs,
      unit: 'tipsets/s',
      anchor: { name: 'HAMT floor for 200 messages', value: MESSAGES / floor / (2 * per) },
    },
  ]
}
