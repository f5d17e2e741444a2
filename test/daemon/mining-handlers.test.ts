/**
 * The Mining and Sync methods through the FullNode dispatcher (JSON params in, Lotus-JSON out) over the
 * two-miner chain of test/chain/sync/fixture.ts, with the worker key in a real wallet: MinerGetBaseInfo,
 * MinerCreateBlock, SyncSubmitBlock, SyncCheckBad, MpoolSelect and BeaconGetEntry.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { BlockMsgCodec, BlockTemplateCodec, MiningMethods } from '../../src/api/full/mining.ts'
import { createDispatcher } from '../../src/api/server/dispatch.ts'
import { latestBeaconEntry } from '../../src/chain/beacon/latest.ts'
import { MessagePool } from '../../src/chain/mpool/message-pool.ts'
import { blockHeaderCid } from '../../src/core/block-header.ts'
import type { TipSet } from '../../src/core/tipset.ts'
import type { ChainNode } from '../../src/daemon/chain-node.ts'
import { miningHandlers } from '../../src/daemon/handlers/mining.ts'
import { devnet } from '../../src/params/profiles.ts'
import { FsKeyStore } from '../../src/wallet/keystore.ts'
import { LocalWallet } from '../../src/wallet/wallet.ts'
import { signed } from '../chain/mpool/fixtures.ts'
import { createFixture, type Fixture } from '../chain/sync/fixture.ts'

let f: Fixture
let mpool: MessagePool
let call: (method: string, params: unknown[]) => Promise<{ result?: unknown; error?: { message: string } }>

before(async () => {
  f = await createFixture('mining-handlers')
  mpool = new MessagePool(f.sm.mpoolProvider(), { profile: devnet })
  mkdirSync(join(f.dir, 'keystore'), { mode: 0o700 })
  const wallet = new LocalWallet(new FsKeyStore(join(f.dir, 'keystore')))
  for (const m of f.miners) wallet.import({ type: 'bls', privateKey: m.worker.priv })
  const node = {
    chain: f.chain,
    sm: f.sm,
    mpool,
    beacon: f.beacon,
    syncer: f.syncer,
    latestBeacon: (ts: TipSet) => latestBeaconEntry(f.chain, ts),
  } as unknown as ChainNode
  const d = createDispatcher(
    MiningMethods,
    miningHandlers(() => node, wallet),
  )
  const ctx = { perms: ['read', 'write'], signal: new AbortController().signal, version: 'v1' as const }
  call = async (method, params) =>
    (await d.dispatch({ id: 1, method: `Filecoin.${method}`, params }, ctx)).response as {
      result?: unknown
      error?: { message: string }
    }
})
after(async () => {
  await f?.close()
})

async function ok(method: string, params: unknown[]): Promise<unknown> {
  const r = await call(method, params)
  assert.equal(r.error, undefined, `${method}: ${r.error?.message}`)
  return r.result
}

describe('mining handlers', () => {
  it('BeaconGetEntry: the last round a block at the epoch carries; the genesis entry for round 0', async () => {
    const e = (await ok('BeaconGetEntry', [3])) as { Round: number; Data: string }
    assert.equal(e.Round, 2)
    assert.deepEqual(Buffer.from(e.Data, 'base64'), Buffer.from(f.beacon.entry(2).data))
    const g = (await ok('BeaconGetEntry', [1])) as { Round: number }
    assert.equal(g.Round, 0)
  })

  it('MinerGetBaseInfo: Lotus MiningBaseInfo JSON', async () => {
    const info = (await ok('MinerGetBaseInfo', [f.miners[0]!.id.toString(), 1, []])) as Record<string, unknown>
    assert.deepEqual(Object.keys(info), [
      'MinerPower',
      'NetworkPower',
      'Sectors',
      'WorkerKey',
      'SectorSize',
      'PrevBeaconEntry',
      'BeaconEntries',
      'EligibleForMining',
    ])
    assert.equal(info.MinerPower, '4096')
    assert.equal(info.NetworkPower, '6144')
    assert.equal(info.WorkerKey, f.miners[0]!.worker.addr.toString())
    assert.equal(info.SectorSize, 2048)
    assert.equal(info.EligibleForMining, true)
    assert.equal((info.Sectors as unknown[]).length, 1)
    assert.deepEqual(Object.keys((info.Sectors as Record<string, unknown>[])[0]!), [
      'SealProof',
      'SectorNumber',
      'SectorKey',
      'SealedCID',
    ])
    const r = await call('MinerGetBaseInfo', [f.secp.addr.toString(), 1, []])
    assert.match(r.error?.message ?? '', /not a storage miner/)
  })

  it('MinerCreateBlock signs with the wallet; SyncSubmitBlock adds it; SyncCheckBad has no reason for it', async () => {
    const { template } = await f.produce(f.genesis, f.miners[1]!)
    const blk = await ok('MinerCreateBlock', [BlockTemplateCodec.toJson(template)])
    const parsed = BlockMsgCodec.fromJson(blk)
    assert.equal(await ok('SyncSubmitBlock', [blk]), null)
    const cid = blockHeaderCid(parsed.header)
    assert.ok(f.chain.getHead()!.cids[0]!.equals(cid))
    assert.equal(await ok('SyncCheckBad', [{ '/': cid.toString() }]), '')
    const again = await call('SyncSubmitBlock', [blk])
    assert.match(again.error?.message ?? '', /already known/)
  })

  it('SyncSubmitBlock refuses an invalid block naming the rule; SyncCheckBad gives the reason', async () => {
    const { msg } = await f.produce(f.chain.getHead()!, f.miners[0]!)
    const bad = { ...msg, header: f.resign({ ...msg.header, parentWeight: 1n }, f.miners[0]!.worker) }
    const r = await call('SyncSubmitBlock', [BlockMsgCodec.toJson(bad)])
    assert.match(r.error?.message ?? '', /parent weight different/)
    const why = await ok('SyncCheckBad', [{ '/': blockHeaderCid(bad.header).toString() }])
    assert.match(why as string, /parent weight different/)
  })

  it('MpoolSelect: the pending messages a block on the tipset should include', async () => {
    const gas = { gasLimit: 10_000_000n, gasFeeCap: 1_000_000_000n, gasPremium: 100_000n }
    const nonce = await mpool.getNonce(f.secp.addr)
    for (const i of [0n, 1n]) await mpool.push(signed(f.secp, nonce + i, { to: f.bls.addr, value: 1n, ...gas }))
    const sel = (await ok('MpoolSelect', [[], 0.8])) as { Message: { Nonce: number } }[]
    assert.deepEqual(
      sel.map((m) => m.Message.Nonce),
      [Number(nonce), Number(nonce) + 1],
    )
  })
})
