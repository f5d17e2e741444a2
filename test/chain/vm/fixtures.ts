/** Shared setup for VM tests: a genesis state with secp accounts, message builders, balance sums. */
import { Address } from '../../../src/core/address.ts'
import type { Message } from '../../../src/core/message.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { SigType } from '../../../src/core/signature.ts'
import { keyAddress } from '../../../src/crypto/sigs.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import type { CID } from '../../../src/core/cid.ts'
import { buildGenesisState } from '../../../src/chain/actors/genesis-state.ts'
import { builtinActors } from '../../../src/chain/actors/registry.ts'
import type { ActorRegistry } from '../../../src/chain/vm/actor-class.ts'
import { StateTree } from '../../../src/chain/state/state-tree.ts'
import { Vm, type VmDeps } from '../../../src/chain/vm/vm.ts'

export const BASE_FEE = 100n

/** A deterministic secp256k1 key address. */
export function secpAddress(seed: number): Address {
  const key = new Uint8Array(32)
  key[31] = seed
  key[0] = 1
  return keyAddress(SigType.Secp256k1, key)
}

export interface Setup {
  deps: VmDeps
  root: CID
  keys: Address[]
  ids: Address[]
  total: bigint
}

/** Genesis with `n` secp accounts holding 1000 FIL each. */
export async function setup(n = 3, actors: ActorRegistry = builtinActors()): Promise<Setup> {
  const store = new MemoryBlockstore()
  const keys = Array.from({ length: n }, (_, i) => secpAddress(i + 1))
  const { stateRoot, accountIds } = await buildGenesisState(store, {
    networkName: 'testnet',
    accounts: keys.map((address) => ({ address, balance: 1000n * FIL_PRECISION })),
  })
  const deps = { store, actors }
  return { deps, root: stateRoot, keys, ids: accountIds, total: await totalBalance(deps, stateRoot) }
}

export function vmAt(s: Setup, root = s.root, epoch = 1): Promise<Vm> {
  return Vm.create(s.deps, root, { epoch, baseFee: BASE_FEE })
}

export function msg(over: Partial<Message> & { from: Address; to: Address }): Message {
  return {
    version: 0,
    nonce: 0n,
    value: 0n,
    gasLimit: 10_000_000n,
    gasFeeCap: 1000n,
    gasPremium: 100n,
    method: 0n,
    params: new Uint8Array(0),
    ...over,
  }
}

/** The sum of every actor's balance. */
export async function totalBalance(deps: VmDeps, root: CID): Promise<bigint> {
  const tree = await StateTree.load(deps.store, root)
  let sum = 0n
  for await (const [, a] of tree.actors()) sum += a.balance
  return sum
}

export async function balanceOf(vm: Vm, addr: Address): Promise<bigint> {
  return (await vm.tree.getActor(addr))?.balance ?? 0n
}

export const ID = (n: number): Address => Address.fromId(n)
