/**
 * The Mining and Sync methods through the FullNode dispatcher (JSON params in, Lotus-JSON out) over the
 * two-miner chain of test/chain/sync/fixture.ts, with the worker key in a real wallet: MinerGetBaseInfo,
 * MinerCreateBlock, SyncSubmitBlock, SyncCheckBad, MpoolSelect and BeaconGetEntry.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { TipSetCodec } from '../../src/core/tipset.ts'
import { MiningMethods } from '../../src/api/full/mining.ts'
import { BlockMsgCodec, BlockTemplateCodec, MiningBaseInfoCodec } from '../../src/core/mining.ts'
import { computeElectionProof, computeTicket } from '../../src/chain/consensus/vrf.ts'
import { winningPoStRandomness } from '../../src/chain/mining/base-info.ts'
import { sectorName } from '../../src/cli/lotus-seed/pre-seal.ts'
import { Address } from '../../src/core/address.ts'
import { SigType } from '../../src/core/signature.ts'
import { keyAddress } from '../../src/crypto/sigs.ts'
import { BLOCK_DELAY_ENV } from '../../src/params/profiles.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../../src/proofs/piece-cid.ts'
import { maskRandomness } from '../../src/proofs/post/verifier.ts'
import { generateWinningPoSt } from '../../src/proofs/post/winning.ts'
import { proverId } from '../../src/proofs/sdr/replica-id.ts'
import { fromHex } from '../../src/util/bytes.ts'
import { keyInfoFromJson } from '../../src/wallet/key-info.ts'
import { type DaemonHandle, killAll, rpc, startDaemon, tempDir } from '../helpers/lotus-process.ts'
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

const SEED_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-seed')
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

describe('a real lotus daemon: a block from a pre-sealed genesis miner through the API', () => {
  let d: DaemonHandle
  let sectors: string
  let worker: { priv: Uint8Array; addr: string }
  const api = async (method: string, params: unknown[] = []) => {
    const body = (await rpc(d.base, `Filecoin.${method}`, params, d.token)).body as {
      result?: unknown
      error?: { message: string }
    }
    if (body.error) throw new Error(body.error.message)
    return body.result
  }

  before(async () => {
    const dir = tempDir('lotus-ts-mining-daemon-')
    sectors = join(dir, 'sectors')
    const tpl = join(dir, 'genesis.json')
    const seed = (...args: string[]) => execFileSync(process.execPath, [SEED_BIN, ...args], { encoding: 'utf8' })
    seed('--sector-dir', sectors, 'pre-seal', '--sector-size', '2KiB', '--num-sectors', '1')
    seed('genesis', 'new', tpl, '--network-name=miningtest')
    seed('genesis', 'add-miner', tpl, join(sectors, 'pre-seal-t01000.json'))
    d = await startDaemon(join(dir, 'repo'), { [BLOCK_DELAY_ENV]: '2' }, 30000, [
      `--lotus-make-genesis=${join(dir, 'devgen.car')}`,
      `--genesis-template=${tpl}`,
    ])
    const ki = keyInfoFromJson(
      new TextDecoder().decode(fromHex(readFileSync(join(sectors, 'pre-seal-t01000.key'), 'utf8'))),
    )
    worker = { priv: ki.privateKey, addr: keyAddress(SigType.BLS, ki.privateKey).toString() }
    await api('WalletImport', [{ Type: 'bls', PrivateKey: Buffer.from(ki.privateKey).toString('base64') }])
  })
  after(killAll)

  it('MinerGetBaseInfo, MinerCreateBlock and SyncSubmitBlock advance the head', async () => {
    const head = TipSetCodec.fromJson(await api('ChainHead'))
    const miner = Address.fromId(1000)
    let epoch = head.height + 1
    for (; ; epoch++) {
      const info = MiningBaseInfoCodec.fromJson(await api('MinerGetBaseInfo', ['t01000', epoch, []]))!
      assert.equal(info.workerKey.toString(), worker.addr)
      const rbase = info.beaconEntries.at(-1) ?? info.prevBeaconEntry
      const eproof = computeElectionProof(worker.priv, {
        beaconData: rbase.data,
        miner,
        height: epoch,
        minerPower: info.minerPower,
        totalPower: info.networkPower,
      })
      if (eproof.winCount === 0) continue
      const file = sectorName(1000n, Number(info.sectors[0]!.sectorNumber))
      const proof = generateWinningPoSt({
        postProof: 0,
        randomness: maskRandomness(winningPoStRandomness(rbase, miner, epoch)),
        proverId: proverId(1000),
        sectors: [
          {
            sectorNumber: info.sectors[0]!.sectorNumber,
            commR: cidToCommitment(info.sectors[0]!.sealedCid, FIL_COMMITMENT_SEALED),
            cacheDir: join(sectors, 'cache', file),
            sealedPath: join(sectors, 'sealed', file),
          },
        ],
      })
      const timestamp = head.minTimestamp + 2 * (epoch - head.height)
      while (Date.now() / 1000 < timestamp) await new Promise((r) => setTimeout(r, 100))
      const template = {
        miner,
        parents: head.key,
        ticket: computeTicket(worker.priv, {
          beaconData: rbase.data,
          miner,
          height: epoch,
          parentMinTicket: head.minTicket,
        }),
        eproof,
        beaconValues: info.beaconEntries,
        messages: [],
        epoch: BigInt(epoch),
        timestamp: BigInt(timestamp),
        winningPoStProof: [{ postProof: 0, proofBytes: proof }],
      }
      const blk = await api('MinerCreateBlock', [BlockTemplateCodec.toJson(template)])
      assert.equal(await api('SyncSubmitBlock', [blk]), null)
      const now = TipSetCodec.fromJson(await api('ChainHead'))
      assert.equal(now.height, epoch)
      const cid = blockHeaderCid(BlockMsgCodec.fromJson(blk).header)
      assert.ok(now.cids[0]!.equals(cid))
      assert.equal(await api('SyncCheckBad', [{ '/': cid.toString() }]), '')
      await assert.rejects(api('SyncSubmitBlock', [blk]), /already known/)
      return
    }
  })
})
