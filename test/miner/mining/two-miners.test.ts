/**
 * Issue 6's acceptance test for block production: a real `lotus daemon` (2 s epochs) from a genesis with two
 * pre-sealed miners, their worker keys imported into the daemon's wallet, and one block producer per miner
 * in this process against the daemon's API. Everything is read back through the API: the chain advances,
 * both miners win blocks, some tipset holds several blocks, and while both producers are paused the rounds
 * go by as null rounds that the chain then skips; a miner that cannot prove logs why and mines again later.
 */
import assert from 'node:assert/strict'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { TipSetKey } from '../../../src/core/tipset-key.ts'
import type { TipSet } from '../../../src/core/tipset.ts'
import { type BlockProducer, createBlockProducer } from '../../../src/miner/mining/producer.ts'
import { ProofsWorkerPool } from '../../../src/proofs/worker/pool.ts'
import { type DaemonHandle, killAll, startDaemon, stopDaemon, tempDir } from '../../helpers/lotus-process.ts'
import {
  fullNodeClient,
  makeGenesisArgs,
  makeGenesisTemplate,
  type PreSealedMiner,
  preSealFiles,
  workerKey,
} from './genesis-fixture.ts'

const BLOCK_DELAY = 2
let daemon: DaemonHandle
let client: ReturnType<typeof fullNodeClient>
let pool: ProofsWorkerPool
const producers: BlockProducer[] = []
let miners: PreSealedMiner[] = []

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitForHeight(height: number, timeoutMs: number): Promise<TipSet> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const head = await client.api.ChainHead()
    if (head.height >= height) return head
    if (Date.now() > until)
      assert.fail(`chain stuck at height ${head.height}, waited for ${height}; daemon: ${daemon.stderr().slice(-3000)}`)
    await sleep(250)
  }
}

/** The chain from `head` back to (not including) height `downTo`, following parents through the API. */
async function walk(head: TipSet, downTo: number): Promise<TipSet[]> {
  const out: TipSet[] = []
  let ts = head
  while (ts.height > downTo) {
    out.push(ts)
    ts = await client.api.ChainGetTipSet(new TipSetKey(ts.blocks[0]!.parents))
  }
  return out
}

before(async () => {
  const root = tempDir('lotus-ts-two-miners-')
  const genesis = makeGenesisTemplate(root, [1000, 1001])
  miners = genesis.miners
  daemon = await startDaemon(
    tempDir(),
    { LOTUS_TS_BLOCK_DELAY_SECS: String(BLOCK_DELAY) },
    30000,
    makeGenesisArgs(genesis),
  )
  client = fullNodeClient(daemon)
  pool = new ProofsWorkerPool({ size: 2 })
  for (const m of genesis.miners) {
    const worker = await client.api.WalletImport(workerKey(m))
    assert.ok(await client.api.WalletHas(worker))
    const p = createBlockProducer(
      { api: client.api, sectorFiles: preSealFiles(m), pool },
      { miner: m.actor, blockDelaySecs: BLOCK_DELAY, propagationDelaySecs: 1 },
    )
    producers.push(p)
  }
  for (const p of producers) p.start()
})

after(async () => {
  // a daemon that died mid-test explains the failures: show why
  if (daemon && daemon.proc.exitCode !== null) console.error(`daemon exited early:\n${daemon.stderr().slice(-5000)}`)
  await Promise.all(producers.map((p) => p.stop()))
  await pool?.close()
  await client?.close()
  if (daemon) await stopDaemon(daemon)
  await killAll()
})

describe('two genesis miners mining on a real daemon', () => {
  it('the chain advances with blocks from both miners and tipsets of several blocks', async () => {
    // forks of the first rounds may orphan one miner's early blocks: wait (bounded) until the chain shows both
    const until = Date.now() + 90000
    let chain: TipSet[] = []
    let miners: string[] = []
    for (let h = 8; ; h++) {
      chain = await walk(await waitForHeight(h, Math.max(until - Date.now(), 20000)), 0)
      miners = [...new Set(chain.flatMap((ts) => ts.blocks.map((b) => b.miner.toString())))].sort()
      if ((miners.length === 2 && chain.some((ts) => ts.blocks.length >= 2)) || Date.now() > until) break
    }
    assert.ok(chain[0]!.height >= 8)
    assert.deepEqual(miners, ['t01000', 't01001'])
    assert.ok(
      chain.some((ts) => ts.blocks.length >= 2),
      `no tipset with 2 blocks in ${chain.map((t) => t.blocks.length)}`,
    )
    for (const ts of chain.slice(0, 3)) {
      const blk = await client.api.ChainGetBlock(ts.cids[0]!)
      assert.equal(blk.height, ts.height)
      assert.ok(blk.electionProof!.winCount >= 1)
      assert.equal(blk.winPoStProof.length, 1)
    }
    const produced = producers.map((p) => p.produced.length)
    assert.ok(
      produced.every((n) => n > 0),
      `blocks submitted per producer: ${produced}`,
    )
  })

  it('rounds missed while both producers are paused are null rounds; the chain continues past them', async () => {
    for (const p of producers) p.pause()
    await sleep(1500) // a round in progress finishes
    const before = await client.api.ChainHead()
    await sleep(BLOCK_DELAY * 3 * 1000)
    const still = await client.api.ChainHead()
    assert.ok(still.key.equals(before.key), `head moved while paused: ${before.height} -> ${still.height}`)
    for (const p of producers) p.resume()
    const head = await waitForHeight(before.height + 5, 40000)
    const after = await walk(head, before.height)
    const first = after[after.length - 1]!
    assert.ok(
      first.height >= before.height + 3,
      `first tipset after the pause at ${first.height}, base ${before.height}`,
    )
    // a null round: the height right after the pause base has no tipset, so the API gives the one before it
    const nullRound = await client.api.ChainGetTipSetByHeight(before.height + 1, head.key)
    assert.ok(nullRound.key.equals(before.key))
  })

  it('a miner that cannot prove logs why and keeps going; it mines again once its sector is back', async () => {
    const m = miners[1]!
    const sealed = join(m.dir, 'sealed', `s-${m.actor}-0`)
    renameSync(sealed, `${sealed}.gone`)
    await sleep(BLOCK_DELAY * 1000 + 500) // a proof already under way finishes
    const during = producers[1]!.produced.length
    const start = (await client.api.ChainHead()).height
    await waitForHeight(start + 4, 30000)
    assert.equal(producers[1]!.produced.length, during, 'a block was produced without its sector file')
    renameSync(`${sealed}.gone`, sealed)
    const until = Date.now() + 30000
    while (producers[1]!.produced.length === during && Date.now() < until) await sleep(250)
    const last = producers[1]!.produced.at(-1)!
    assert.ok(last.height > start + 4, `no block from ${m.actor} after its sector came back`)
    assert.equal((await client.api.ChainGetBlock(last.cid)).miner.toString(), m.actor.toString())
  })
})
