/**
 * A real `lotus-miner run` producing blocks: a daemon (2 s epochs) from a genesis with one pre-sealed miner,
 * `lotus-miner init --genesis-miner` (attaches the pre-seal dir, imports the worker key into the daemon's
 * wallet), then `lotus-miner run` with FULLNODE_API_INFO: its blocks appear in the daemon's chain.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TipSetKey } from '../../../src/core/tipset-key.ts'
import { type DaemonHandle, killAll, startDaemon, stopDaemon, tempDir } from '../../helpers/lotus-process.ts'
import { killAllMiners, type MinerHandle, runMiner, startMiner, stopMiner } from '../../helpers/miner-process.ts'
import {
  fullNodeClient,
  makeGenesisArgs,
  makeGenesisTemplate,
  type PreSealedMiner,
  workerKey,
} from './genesis-fixture.ts'

let daemon: DaemonHandle
let client: ReturnType<typeof fullNodeClient>
let miner: MinerHandle | undefined
let preSealed: PreSealedMiner
const env: NodeJS.ProcessEnv = { LOTUS_TS_BLOCK_DELAY_SECS: '2' }

before(async () => {
  const genesis = makeGenesisTemplate(tempDir('lotus-ts-miner-run-'), [1000], 2)
  preSealed = genesis.miners[0]!
  daemon = await startDaemon(tempDir(), env, 30000, makeGenesisArgs(genesis))
  client = fullNodeClient(daemon)
  env.FULLNODE_API_INFO = `${daemon.token}:${daemon.apiAddr}`
})

after(async () => {
  if (miner) await stopMiner(miner)
  await client?.close()
  if (daemon) await stopDaemon(daemon)
  killAllMiners()
  await killAll()
})

describe('lotus-miner run mines', () => {
  const repo = tempDir()

  it('init --genesis-miner attaches the pre-sealed sectors and imports the worker key', async () => {
    const bad = await runMiner(
      [
        'init',
        '--genesis-miner',
        '--actor=t01001',
        `--pre-sealed-sectors=${preSealed.dir}`,
        `--pre-sealed-metadata=${preSealed.metadata}`,
      ],
      { ...env, LOTUS_MINER_PATH: tempDir() },
    )
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /miner t01001 not found in the pre-seal metadata/)
    const args = [
      'init',
      '--genesis-miner',
      '--actor=t01000',
      '--sector-size=2KiB',
      `--pre-sealed-sectors=${preSealed.dir}`,
      `--pre-sealed-metadata=${preSealed.metadata}`,
      '--nosync',
    ]
    const r = await runMiner(args, { ...env, LOTUS_MINER_PATH: repo, LOTUS_TS_LOG_LEVEL: 'warn' })
    assert.equal(r.code, 0, r.stderr)
    const key = workerKey(preSealed)
    const mi = (await client.api.StateMinerInfo(preSealed.actor, TipSetKey.EMPTY)) as { Worker: string }
    const worker = await client.api.StateAccountKey(await client.api.WalletValidateAddress(mi.Worker), TipSetKey.EMPTY)
    assert.match(r.stdout, new RegExp(`imported worker key ${worker}`))
    assert.ok(await client.api.WalletHas(worker))
    assert.equal(key.type, 'bls')
    assert.match(r.stdout, /Miner t01000 initialized/)
  })

  it('lotus-miner run finds the pre-sealed sectors and its blocks appear in the chain', async () => {
    miner = await startMiner(repo, env)
    const find = await runMiner(['storage', 'find', '1'], miner.env)
    assert.equal(find.code, 0, find.stderr)
    assert.match(find.stdout, /\(Sealed, Cache\)/)
    // init recorded the pre-sealed sectors as Proving (Lotus migratePreSealMeta)
    const list = await runMiner(['sectors', 'list'], miner.env)
    assert.equal(list.code, 0, list.stderr)
    for (const n of [0, 1]) assert.match(list.stdout, new RegExp(`^${n}\\s+Proving`, 'm'))
    const until = Date.now() + 40000
    let ours: number[] = []
    for (;;) {
      const head = await client.api.ChainHead()
      ours = []
      for (let ts = head; ts.height > 0; ts = await client.api.ChainGetTipSet(new TipSetKey(ts.blocks[0]!.parents)))
        for (const b of ts.blocks) if (b.miner.toString() === 't01000') ours.push(ts.height)
      if (ours.length >= 3 || Date.now() > until) break
      await new Promise((r) => setTimeout(r, 500))
    }
    assert.ok(ours.length >= 3, `blocks of t01000 in the chain at heights ${ours}`)
  })

  it('lotus-miner stop refuses while a deadline holding sectors is near, and --force stops it', async () => {
    // a margin of almost a proving period: some deadline holding sectors is always within it
    const stopEnv = { ...miner!.env, LOTUS_PROVING_MAINTENANCEMARGINEPOCHS: '470' }
    const refused = await runMiner(['stop'], stopEnv)
    assert.notEqual(refused.code, 0, refused.stderr)
    assert.match(
      refused.stderr,
      /refusing to stop the miner: deadline \d+ \(2 sectors\) (opens at|is open until) epoch/,
    )
    assert.match(refused.stderr, /--force stops anyway/)
    assert.equal(miner!.proc.exitCode, null, 'the miner still runs')
    const forced = await runMiner(['stop', '--force'], stopEnv)
    assert.equal(forced.code, 0, forced.stderr)
    const code = await new Promise((r) => miner!.proc.once('exit', r))
    assert.equal(code, 0)
    miner = undefined
  })
})
