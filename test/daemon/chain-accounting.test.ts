/**
 * Issue 6 on a running chain: a real `lotus daemon` (2 s epochs) from a Lotus-made genesis with one pre-sealed
 * miner mining in this process. Messages signed by iso-filecoin (secp256k1 and BLS) go through MpoolPush, are
 * mined, and StateWaitMsg gives their receipts; the sender pays value plus exactly the gas cost that Lotus's
 * fee formula gives, the receiver gets the value, and the balances of all actors still sum to the genesis
 * total, to the attoFIL (rewards come from the reward actor, burns go to f099). Then the daemon is killed with
 * SIGKILL and comes back on its store at the same head, and the chain goes on from there.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Message as IsoMessage } from 'iso-filecoin/message'
import * as iso from 'iso-filecoin/wallet'
import { Address } from '../../src/core/address.ts'
import { parseCid } from '../../src/core/cid.ts'
import type { TipSet } from '../../src/core/tipset.ts'
import { TipSetKey } from '../../src/core/tipset-key.ts'
import { type BlockProducer, createBlockProducer } from '../../src/miner/mining/producer.ts'
import { ProofsWorkerPool } from '../../src/proofs/worker/pool.ts'
import { type DaemonHandle, killAll, rpc, startDaemon, stopDaemon, tempDir } from '../helpers/lotus-process.ts'
import {
  fullNodeClient,
  makeGenesisArgs,
  makeGenesisTemplate,
  preSealFiles,
  workerKey,
} from '../miner/mining/genesis-fixture.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-seed')
const BLOCK_DELAY = 2
const FIL = 10n ** 18n
const env = { LOTUS_TS_BLOCK_DELAY_SECS: String(BLOCK_DELAY) }

const secp = iso.create('SECP256K1', 'testnet')
const bls = iso.create('BLS', 'testnet')
const dest = iso.create('SECP256K1', 'testnet')
let repo: string
let daemon: DaemonHandle
let client: ReturnType<typeof fullNodeClient>
let pool: ProofsWorkerPool
let producer: BlockProducer
let genesis: TipSet

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function call(method: string, params: unknown[]): Promise<unknown> {
  const r = await rpc(daemon.base, `Filecoin.${method}`, params, daemon.token)
  const body = r.body as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

function startProducer(): void {
  producer = createBlockProducer(
    { api: client.api, sectorFiles: preSealFiles(miner), pool },
    { miner: miner.actor, blockDelaySecs: BLOCK_DELAY, propagationDelaySecs: 1 },
  )
  producer.start()
}

let miner: ReturnType<typeof makeGenesisTemplate>['miners'][number]

before(async () => {
  const root = tempDir('lotus-ts-accounting-')
  const g = makeGenesisTemplate(root, [1000])
  miner = g.miners[0]!
  for (const w of [secp, bls]) {
    const r = spawnSync(process.execPath, [SEED_BIN, 'genesis', 'add-account', g.template, w.address.toString(), '100'])
    assert.equal(r.status, 0, String(r.stderr))
  }
  repo = tempDir()
  daemon = await startDaemon(repo, env, 30000, makeGenesisArgs(g))
  client = fullNodeClient(daemon)
  await client.api.WalletImport(workerKey(miner))
  genesis = await client.api.ChainGetGenesis()
  pool = new ProofsWorkerPool({ size: 1 })
  startProducer()
})

after(async () => {
  await producer?.stop()
  await pool?.close()
  await client?.close()
  if (daemon) await stopDaemon(daemon)
  await killAll()
})

/** Lotus's gas charge for an executed message (vm/burn.go ComputeGasOutputs), written out independently. */
function gasCost(gasUsed: bigint, gasLimit: bigint, baseFee: bigint, feeCap: bigint, premium: bigint): bigint {
  const baseFeeToPay = baseFee > feeCap ? feeCap : baseFee
  const tip = premium > feeCap - baseFeeToPay ? feeCap - baseFeeToPay : premium
  let burned = 0n
  if (gasUsed === 0n) burned = gasLimit
  else {
    let over = gasLimit - (11n * gasUsed) / 10n
    if (over >= 0n) {
      if (over > gasUsed) over = gasUsed
      burned = ((gasLimit - gasUsed) * over) / gasUsed
    }
  }
  return baseFeeToPay * gasUsed + baseFeeToPay * burned + gasLimit * tip
}

async function balanceAt(addr: string, tsk: TipSetKey): Promise<bigint> {
  return (await client.api.StateGetActor(Address.parse(addr), tsk)).balance
}

async function totalAt(tsk: TipSetKey): Promise<bigint> {
  let sum = 0n
  for (const a of await client.api.StateListActors(tsk)) sum += (await client.api.StateGetActor(a, tsk)).balance
  return sum
}

function signed(w: typeof secp, nonce: number, value: bigint) {
  const msg = new IsoMessage({
    to: dest.address.toString(),
    from: w.address.toString(),
    value: value.toString(),
    nonce,
    gasLimit: 10_000_000,
    gasFeeCap: '1000000000',
    gasPremium: '150000',
  })
  const sig = iso.signMessage(w.privateKey, w.type, msg)
  return { Message: msg.toLotus(), Signature: sig.toLotus() }
}

describe('messages signed outside Lotus-TS on a mining chain', () => {
  it('are mined; receipts, balances and the total supply add up to the attoFIL', async () => {
    const sent = [
      { w: secp, value: 3n * FIL },
      { w: bls, value: 5n * FIL },
    ]
    const cids: string[] = []
    for (const s of sent) {
      const m = signed(s.w, 0, s.value)
      cids.push(((await call('MpoolPush', [m])) as { '/': string })['/'])
    }
    let destTotal = 0n
    for (const [i, s] of sent.entries()) {
      const lookup = (await call('StateWaitMsg', [{ '/': cids[i] }, 1, 200, true])) as {
        Receipt: { ExitCode: number; GasUsed: number }
        TipSet: { '/': string }[]
        Height: number
      }
      assert.equal(lookup.Receipt.ExitCode, 0)
      const after = new TipSetKey(lookup.TipSet.map((c) => parseCid(c['/'])))
      const executedIn = await client.api.ChainGetTipSet(after)
      const included = await client.api.ChainGetTipSet(new TipSetKey(executedIn.blocks[0]!.parents))
      const baseFee = included.blocks[0]!.parentBaseFee
      const cost = gasCost(BigInt(lookup.Receipt.GasUsed), 10_000_000n, baseFee, 1_000_000_000n, 150_000n)
      const before = await balanceAt(s.w.address.toString(), genesis.key)
      assert.equal(before, 100n * FIL)
      assert.equal(await balanceAt(s.w.address.toString(), after), before - s.value - cost)
      destTotal += s.value
    }
    const head = await client.api.ChainHead()
    assert.equal(await balanceAt(dest.address.toString(), head.key), destTotal)
    assert.equal(await totalAt(head.key), await totalAt(genesis.key), 'the total supply is conserved')
    const burnt = await balanceAt('t099', head.key)
    assert.ok(burnt > 0n, 'the base fee was burnt')
  })

  it('comes back after kill -9 at the same head and goes on from there', async () => {
    await producer.stop()
    await sleep(BLOCK_DELAY * 1000)
    const before = await client.api.ChainHead()
    daemon.proc.kill('SIGKILL')
    await daemon.exited
    await client.close()
    daemon = await startDaemon(repo, env, 30000)
    client = fullNodeClient(daemon)
    const again = await client.api.ChainHead()
    assert.ok(again.key.equals(before.key), `head ${again.height} after restart, was ${before.height}`)
    startProducer()
    const until = Date.now() + 30000
    let head = again
    while (head.height < before.height + 3 && Date.now() < until) {
      await sleep(500)
      head = await client.api.ChainHead()
    }
    assert.ok(head.height >= before.height + 3, `chain stuck at ${head.height} after the restart`)
    let ts = head
    while (ts.height > before.height) ts = await client.api.ChainGetTipSet(new TipSetKey(ts.blocks[0]!.parents))
    assert.ok(ts.key.equals(before.key), 'the new blocks extend the head from before the kill')
  })
})
