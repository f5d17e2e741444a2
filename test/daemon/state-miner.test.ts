/**
 * The miner State* methods over an in-process chain: a genesis with two accounts, a miner created by a
 * CreateMiner message, then each method through the FullNode dispatcher (JSON params in, Lotus-JSON out).
 * Also the VM's proof verifier adapter: malformed proofs and non-ID provers fail, never throw.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { StateMinerMethods } from '../../src/api/full/state-miner.ts'
import { createDispatcher } from '../../src/api/server/dispatch.ts'
import { CreateMinerParamsCodec, CreateMinerReturnCodec } from '../../src/chain/actors/power/types.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../../src/chain/actors/singletons.ts'
import { computeNextBaseFee } from '../../src/chain/consensus/base-fee.ts'
import { makeGenesisBlock } from '../../src/chain/genesis/genblock.ts'
import { accountActor, newTemplate } from '../../src/chain/genesis/template.ts'
import { DEVNET_MINER_POLICY } from '../../src/chain/actors/miner/policy.ts'
import { activatePresealedSectors } from '../../src/chain/actors/miner/preseal.ts'
import { minerState } from '../../src/chain/actors/miner/queries.ts'
import { MinerStateCodec } from '../../src/chain/actors/miner/state.ts'
import { putBlock } from '../../src/chain/actors/miner/store.ts'
import { StateManager } from '../../src/chain/state-manager/state-manager.ts'
import { ChainStore } from '../../src/chain/store/chain-store.ts'
import { Address } from '../../src/core/address.ts'
import type { BlockHeader } from '../../src/core/block-header.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { type SignedMessage, signedMessageCid } from '../../src/core/signed-message.ts'
import { TipSet } from '../../src/core/tipset.ts'
import { FIL_PRECISION } from '../../src/core/token.ts'
import type { ChainNode } from '../../src/daemon/chain-node.ts'
import { peerIdJson, sectorJson, stateMinerHandlers } from '../../src/daemon/handlers/state-miner.ts'
import { vanillaProofVerifier } from '../../src/daemon/proof-verifier.ts'
import { MemoryBlockstore } from '../../src/ipld/memory-blockstore.ts'
import { devnet } from '../../src/params/profiles.ts'
import { commRToCid, commPToCid } from '../../src/proofs/piece-cid.ts'
import { type Key, newKey, signed } from '../chain/mpool/fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-state-miner-'))
const store = new MemoryBlockstore()
let chain: ChainStore
let sm: StateManager
let keys: Key[]
let miner: Address
const PEER = new Uint8Array([0, 4, 1, 2, 3, 4])

after(async () => {
  await chain?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function mine(parent: TipSet, secp: SignedMessage[]): Promise<TipSet> {
  const exec = await sm.tipSetState(parent)
  const limits = (await chain.messagesForTipSet(parent)).map((m) => m.message.gasLimit)
  const h: BlockHeader = {
    ...parent.blocks[0]!,
    miner: Address.fromId(100),
    ticket: { vrfProof: new Uint8Array([parent.height, 1]) },
    electionProof: { winCount: 1, vrfProof: new Uint8Array([2]) },
    beaconEntries: [],
    parents: [...parent.cids],
    parentWeight: parent.parentWeight + 1n,
    height: parent.height + 1,
    parentStateRoot: exec.stateRoot,
    parentMessageReceipts: exec.receiptsRoot,
    messages: await chain.putBlockMessages({ bls: [], secp }),
    timestamp: parent.minTimestamp + 4,
    parentBaseFee: computeNextBaseFee(parent.blocks[0]!.parentBaseFee, limits, parent.blocks.length, devnet),
  }
  const ts = TipSet.create([h])
  await chain.setHead(ts, ts.parentWeight + 1n)
  return ts
}

before(async () => {
  keys = [newKey(), newKey()]
  const t = newTemplate('state-miner-test', 1_700_000_000)
  for (const k of keys) t.accounts.push(accountActor(k.addr, 1000n * FIL_PRECISION))
  const g = await makeGenesisBlock(store, t)
  chain = await ChainStore.open({ blockstore: store }, { path: join(dir, 'index') })
  await chain.setGenesis(g.header)
  sm = new StateManager({ chain, store, proofs: vanillaProofVerifier() }, { profile: devnet })
  const owner = Address.fromId(100)
  const create = signed(keys[0]!, 0, {
    to: STORAGE_POWER_ACTOR_ADDR,
    method: 2n,
    value: 0n,
    gasLimit: 1_000_000_000n,
    gasFeeCap: 200_000_000n,
    gasPremium: 100_000n,
    params: encode(CreateMinerParamsCodec, {
      owner,
      worker: owner,
      windowPoStProofType: 5,
      peer: PEER,
      multiaddrs: [new Uint8Array([4, 127, 0, 0, 1])],
    }),
  })
  const t1 = await mine(chain.getHead()!, [create])
  await mine(t1, [])
  const found = await sm.searchMsg(signedMessageCid(create))
  assert.equal(found?.receipt.exitCode, 0)
  miner = decode(CreateMinerReturnCodec, found!.receipt.return).idAddress
})

const dispatcher = () =>
  createDispatcher(
    StateMinerMethods,
    stateMinerHandlers(() => ({ sm }) as unknown as ChainNode),
  )
const ctx = { perms: ['read'], signal: new AbortController().signal, version: 'v1' as const }

async function call(method: string, params: unknown[]): Promise<{ result?: unknown; error?: { message: string } }> {
  const d = await dispatcher().dispatch({ id: 1, method: `Filecoin.${method}`, params }, ctx)
  return d.response as { result?: unknown; error?: { message: string } }
}
async function ok(method: string, params: unknown[]): Promise<unknown> {
  const r = await call(method, params)
  assert.equal(r.error, undefined, `${method}: ${r.error?.message}`)
  return r.result
}

describe('miner State* methods', () => {
  it('StateMinerInfo: Lotus MinerInfo field names and values', async () => {
    const mi = (await ok('StateMinerInfo', [miner.toString(), []])) as Record<string, unknown>
    assert.deepEqual(Object.keys(mi), [
      'Owner',
      'Worker',
      'NewWorker',
      'ControlAddresses',
      'WorkerChangeEpoch',
      'PeerId',
      'Multiaddrs',
      'WindowPoStProofType',
      'SectorSize',
      'WindowPoStPartitionSectors',
      'ConsensusFaultElapsed',
      'PendingOwnerAddress',
      'Beneficiary',
      'BeneficiaryTerm',
      'PendingBeneficiaryTerm',
    ])
    assert.equal(mi.Owner, 't0100')
    assert.equal(mi.Worker, 't0100')
    assert.equal(mi.Beneficiary, 't0100')
    assert.equal(mi.NewWorker, '<empty>')
    assert.equal(mi.WorkerChangeEpoch, -1)
    assert.equal(mi.PeerId, '1TCcz3d') // base58btc of the peer bytes (computed independently)
    assert.deepEqual(mi.Multiaddrs, [Buffer.from([4, 127, 0, 0, 1]).toString('base64')])
    assert.equal(mi.WindowPoStProofType, 5)
    assert.equal(mi.SectorSize, 2048)
    assert.equal(mi.PendingOwnerAddress, null)
  })

  it('StateMinerProvingDeadline: dline.Info at the tipset height, consistent arithmetic', async () => {
    const d = (await ok('StateMinerProvingDeadline', [miner.toString(), []])) as Record<string, number>
    assert.deepEqual(Object.keys(d), [
      'CurrentEpoch',
      'PeriodStart',
      'Index',
      'Open',
      'Close',
      'Challenge',
      'FaultCutoff',
      'WPoStPeriodDeadlines',
      'WPoStProvingPeriod',
      'WPoStChallengeWindow',
      'WPoStChallengeLookback',
      'FaultDeclarationCutoff',
    ])
    assert.equal(d.CurrentEpoch, chain.getHead()!.height)
    assert.equal(d.Open, d.PeriodStart! + d.Index! * d.WPoStChallengeWindow!)
    assert.equal(d.Close, d.Open! + d.WPoStChallengeWindow!)
    assert.ok(d.CurrentEpoch! < d.Close!)
  })

  it('StateMinerDeadlines, StateMinerPartitions, StateMinerSectorCount: a new miner has none', async () => {
    const dls = (await ok('StateMinerDeadlines', [miner.toString(), []])) as unknown[]
    assert.equal(dls.length, DEVNET_MINER_POLICY.wpostPeriodDeadlines)
    assert.deepEqual(dls[0], { PostSubmissions: [0], DisputableProofCount: 0, DailyFee: '0' })
    assert.deepEqual(await ok('StateMinerPartitions', [miner.toString(), 0, []]), [])
    assert.deepEqual(await ok('StateMinerSectorCount', [miner.toString(), []]), { Live: 0, Active: 0, Faulty: 0 })
    assert.match((await call('StateMinerPartitions', [miner.toString(), 4000, []])).error!.message, /out of range/)
  })

  it('StateMinerSectors, StateSectorGetInfo, StateMinerAvailableBalance on a miner without sectors', async () => {
    assert.deepEqual(await ok('StateMinerSectors', [miner.toString(), null, []]), [])
    assert.deepEqual(await ok('StateMinerSectors', [miner.toString(), [0, 3], []]), [])
    assert.equal(await ok('StateSectorGetInfo', [miner.toString(), 1, []]), null)
    assert.equal(await ok('StateMinerAvailableBalance', [miner.toString(), []]), '0')
  })

  it('errors name the problem: unknown actor, an account, bad params', async () => {
    for (const m of Object.keys(StateMinerMethods)) {
      const params =
        m === 'StateMinerPartitions' || m === 'StateSectorGetInfo' ? [0] : m === 'StateMinerSectors' ? [null] : []
      const unknown = await call(m, ['t04242', ...params, []])
      assert.match(unknown.error?.message ?? '', /actor not found/, m)
      const account = await call(m, ['t0100', ...params, []])
      assert.match(account.error?.message ?? '', /not a storage miner/, m)
    }
    assert.match((await call('StateMinerInfo', ['nonsense', []])).error!.message, /invalid param 0/)
    assert.match((await call('StateSectorGetInfo', [miner.toString(), -1, []])).error!.message, /invalid param 1/)
  })
})

describe('miner State* methods on a miner with (pre-sealed) sectors', () => {
  const PLEDGE = 1000n
  const BALANCE = 5000n
  /** The same chain, except that the miner's state has three active sectors and a balance of BALANCE. */
  async function withSectors() {
    const head = chain.getHead()!
    const act = (await sm.getActor(miner, head))!
    const st = await minerState(store, act.head)
    const sectors = [1, 2, 3].map((n) => ({
      sectorNumber: n,
      sealProof: 5,
      sealedCid: commRToCid(new Uint8Array(32).fill(n)),
      expiration: 100_000,
      initialPledge: PLEDGE,
    }))
    await activatePresealedSectors(store, DEVNET_MINER_POLICY, st, sectors, head.height)
    const changed = { ...act, head: await putBlock(store, MinerStateCodec, st), balance: BALANCE }
    const fakeSm = {
      tipSet: (k: Parameters<StateManager['tipSet']>[0]) => sm.tipSet(k),
      getActor: async (a: Address, ts: TipSet) => (a.equals(miner) ? changed : sm.getActor(a, ts)),
      deps: sm.deps,
    }
    return createDispatcher(
      StateMinerMethods,
      stateMinerHandlers(() => ({ sm: fakeSm }) as unknown as ChainNode),
    )
  }

  it('lists, filters and counts the sectors; partitions and balance follow', async () => {
    const d = await withSectors()
    const run = async (method: string, params: unknown[]) => {
      const r = (await d.dispatch({ id: 1, method: `Filecoin.${method}`, params }, ctx)).response as {
        result?: unknown
        error?: { message: string }
      }
      assert.equal(r.error, undefined, `${method}: ${r.error?.message}`)
      return r.result
    }
    const m = miner.toString()
    const all = (await run('StateMinerSectors', [m, null, []])) as { SectorNumber: number }[]
    assert.deepEqual(
      all.map((x) => x.SectorNumber),
      [1, 2, 3],
    )
    // bitfield [1,1,1] (RLE runs): skip 1, take 1, skip 1 -> {1}
    const some = (await run('StateMinerSectors', [m, [1, 1], []])) as { SectorNumber: number }[]
    assert.deepEqual(
      some.map((x) => x.SectorNumber),
      [1],
    )
    const two = (await run('StateSectorGetInfo', [m, 2, []])) as Record<string, unknown>
    assert.equal(two.SectorNumber, 2)
    assert.equal(two.InitialPledge, '1000')
    assert.equal(two.Expiration, 100_000)
    assert.equal(await run('StateSectorGetInfo', [m, 9, []]), null)
    assert.deepEqual(await run('StateMinerSectorCount', [m, []]), { Live: 3, Active: 3, Faulty: 0 })
    let found = 0
    const dls = (await run('StateMinerDeadlines', [m, []])) as unknown[]
    for (let i = 0; i < dls.length; i++) {
      const parts = (await run('StateMinerPartitions', [m, i, []])) as Record<string, unknown>[]
      for (const p of parts) {
        assert.deepEqual(Object.keys(p), [
          'AllSectors',
          'FaultySectors',
          'RecoveringSectors',
          'LiveSectors',
          'ActiveSectors',
        ])
        assert.deepEqual(p.FaultySectors, [0])
        assert.deepEqual(p.AllSectors, p.LiveSectors)
        found += (p.AllSectors as number[]).filter((_, k) => k % 2 === 1).reduce((a, b) => a + b, 0)
      }
    }
    assert.equal(found, 3)
    assert.equal(await run('StateMinerAvailableBalance', [m, []]), String(BALANCE - 3n * PLEDGE))
  })
})

describe('Lotus-JSON shapes', () => {
  it('SectorOnChainInfo: go-state-types field order, deal ids hidden (json:"-"), big ints as strings', () => {
    const j = sectorJson({
      sectorNumber: 7,
      sealProof: 5,
      sealedCid: commRToCid(new Uint8Array(32).fill(1)),
      dealIds: [3n],
      activation: 10,
      expiration: 5000,
      dealWeight: 0n,
      verifiedDealWeight: 0n,
      initialPledge: 12345678901234567890n,
      expectedDayReward: null,
      expectedStoragePledge: 4n,
      powerBaseEpoch: 10,
      replacedDayReward: null,
      sectorKeyCid: null,
      flags: 1,
      dailyFee: 9n,
    })
    assert.deepEqual(Object.keys(j), [
      'SectorNumber',
      'SealProof',
      'SealedCID',
      'Activation',
      'Expiration',
      'DealWeight',
      'VerifiedDealWeight',
      'InitialPledge',
      'ExpectedDayReward',
      'ExpectedStoragePledge',
      'PowerBaseEpoch',
      'ReplacedDayReward',
      'SectorKeyCID',
      'Flags',
      'DailyFee',
    ])
    assert.equal(j.SectorNumber, 7)
    assert.equal(j.InitialPledge, '12345678901234567890')
    assert.equal(j.ExpectedDayReward, null)
    assert.equal(j.DailyFee, '9')
  })

  it('PeerId: base58 of a well-formed multihash, null otherwise (as peer.IDFromBytes)', () => {
    assert.equal(peerIdJson(new Uint8Array([0, 4, 1, 2, 3, 4])), '1TCcz3d')
    assert.equal(peerIdJson(new Uint8Array(0)), null)
    assert.equal(peerIdJson(new Uint8Array([0, 5, 1, 2])), null) // digest shorter than its length
    assert.equal(peerIdJson(new Uint8Array([0, 1, 1, 2])), null) // trailing bytes
    assert.equal(peerIdJson(new Uint8Array([0x80])), null) // truncated varint
  })
})

describe('vanilla proof verifier for the VM', () => {
  const commR = commRToCid(new Uint8Array(32).fill(1))
  const commD = commPToCid(new Uint8Array(32).fill(2))
  const seal = {
    sealProof: 5,
    miner: Address.fromId(1000),
    sectorNumber: 1n,
    dealIds: [],
    randomness: new Uint8Array(32),
    interactiveRandomness: new Uint8Array(32),
    proof: new Uint8Array([1, 2, 3]),
    sealedCid: commR,
    unsealedCid: commD,
  }

  it('a malformed seal proof, or one from a non-ID address, is invalid (false), not a crash', async () => {
    const v = vanillaProofVerifier()
    assert.equal(await v.verifySeal(seal), false)
    assert.equal(await v.verifySeal({ ...seal, miner: keys[0]!.addr }), false)
  })

  it('a malformed window PoSt is invalid', async () => {
    const v = vanillaProofVerifier()
    const info = {
      randomness: new Uint8Array(32),
      proofs: [{ postProof: 5, proofBytes: new Uint8Array([9, 9]) }],
      challengedSectors: [{ sealProof: 5, sectorNumber: 1n, sealedCid: commR }],
      prover: Address.fromId(1000),
    }
    assert.equal(await v.verifyWindowPoSt(info), false)
    assert.equal(await v.verifyWindowPoSt({ ...info, randomness: new Uint8Array(3) }), false)
  })
})
