import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Address } from '../../../src/core/address.ts'
import {
  type AddressConfig,
  candidates,
  type SelectorApi,
  selectAddress,
} from '../../../src/miner/pipeline/address-selector.ts'
import type { MinerAddresses } from '../../../src/miner/pipeline/chain-api.ts'

const id = (n: number) => Address.fromId(n)
const OWNER = id(100)
const WORKER = id(101)
const C1 = id(102)
const C2 = id(103)
const C3 = id(104)
const NOT_CONTROL = id(200)
const KEY_C2 = Address.parse('t1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba')

const mi: MinerAddresses = { owner: OWNER, worker: WORKER, controls: [C1, C2, C3] }
const none: AddressConfig = {
  PreCommitControl: [],
  CommitControl: [],
  TerminateControl: [],
  DealPublishControl: [],
  DisableOwnerFallback: false,
  DisableWorkerFallback: false,
}

function api(balances: Record<string, bigint>, keys: Address[] = [OWNER, WORKER, C1, C2, C3]): SelectorApi {
  return {
    StateLookupID: async (a) => {
      if (a.equals(KEY_C2)) return C2
      throw new Error(`actor not found: ${a}`)
    },
    StateAccountKey: async (a) => a,
    WalletBalance: async (a) => balances[a.toString()] ?? 0n,
    WalletHas: async (a) => keys.some((k) => k.equals(a)),
  }
}

const rich = {
  [OWNER.toString()]: 100n,
  [WORKER.toString()]: 100n,
  [C1.toString()]: 100n,
  [C2.toString()]: 100n,
  [C3.toString()]: 100n,
}
const str = (as: Address[]) => as.map((a) => a.toString())

test('candidates: the use list first, then worker and owner; PoSt takes the controls no list claims', async () => {
  const cfg = { ...none, PreCommitControl: [C1.toString()], CommitControl: [KEY_C2.toString()] }
  const a = api(rich)
  assert.deepEqual(str(await candidates(a, cfg, mi, 'PreCommit')), str([C1, WORKER, OWNER]))
  assert.deepEqual(str(await candidates(a, cfg, mi, 'Commit')), [
    KEY_C2.toString(),
    WORKER.toString(),
    OWNER.toString(),
  ])
  assert.deepEqual(str(await candidates(a, cfg, mi, 'PoSt')), str([C3, WORKER, OWNER]), 'C1 and C2 are claimed')
  assert.deepEqual(str(await candidates(a, { ...cfg, DisableWorkerFallback: true }, mi, 'PreCommit')), str([C1, OWNER]))
  assert.deepEqual(
    str(await candidates(a, { ...none, DisableWorkerFallback: true, DisableOwnerFallback: true }, mi, 'Terminate')),
    str([WORKER]),
    'an empty list still falls back to the worker',
  )
})

test('the first configured control with enough funds and a key wins; a key address resolves to its ID', async () => {
  const cfg = { ...none, PreCommitControl: [C1.toString()], CommitControl: [KEY_C2.toString()] }
  assert.deepEqual(await selectAddress(api(rich), cfg, mi, 'PreCommit', 50n, 10n), { address: C1, balance: 100n })
  const got = await selectAddress(api(rich), cfg, mi, 'Commit', 50n, 10n)
  assert.ok(got.address.equals(C2), 'the t1 address configured is the on-chain control t0103')
})

test('a poor control, a control without its key and a non-control are skipped; else the richest', async () => {
  const cfg = { ...none, PreCommitControl: [NOT_CONTROL.toString(), C1.toString(), C2.toString()] }
  const balances = { ...rich, [C1.toString()]: 10n, [NOT_CONTROL.toString()]: 1000n }
  const noC2Key = [OWNER, WORKER, C1, C3]
  const got = await selectAddress(api(balances, noC2Key), cfg, mi, 'PreCommit', 50n, 5n)
  assert.ok(got.address.equals(WORKER), 'C1 is too poor and C2 has no key in the wallet: the worker')
  const poor = { [OWNER.toString()]: 20n, [WORKER.toString()]: 30n, [C1.toString()]: 40n }
  const least = await selectAddress(api(poor), cfg, mi, 'PreCommit', 50n, 5n)
  assert.deepEqual(least, { address: C1, balance: 40n }, 'nobody has enough: the richest candidate')
  const broke = await selectAddress(api({}), none, mi, 'PreCommit', 50n, 5n)
  assert.deepEqual(broke, { address: WORKER, balance: 5n }, 'nobody above minFunds: the worker')
})
