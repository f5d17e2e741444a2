/**
 * `lotus-miner init` creating a new miner actor on a chain that produces blocks (a pre-sealed genesis miner
 * mines in this process against a real daemon, 2 s epochs): the owner is a funded wallet address, the worker a
 * new BLS key in the daemon's wallet; the command returns once CreateMiner is on chain, records the new ID
 * address, and the chain shows the miner with that owner and worker.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Address } from '../../src/core/address.ts'
import { TipSetKey } from '../../src/core/tipset-key.ts'
import { type BlockProducer, createBlockProducer } from '../../src/miner/mining/producer.ts'
import { ACTOR_FILE } from '../../src/miner/repo/actor.ts'
import { ProofsWorkerPool } from '../../src/proofs/worker/pool.ts'
import { type DaemonHandle, killAll, startDaemon, stopDaemon, tempDir } from '../helpers/lotus-process.ts'
import { killAllMiners, minerEnv, runMiner } from '../helpers/miner-process.ts'
import {
  fullNodeClient,
  makeGenesisArgs,
  makeGenesisTemplate,
  preSealFiles,
  workerKey,
} from '../miner/mining/genesis-fixture.ts'

const env = { LOTUS_TS_BLOCK_DELAY_SECS: '2' }
let daemon: DaemonHandle
let client: ReturnType<typeof fullNodeClient>
let pool: ProofsWorkerPool
let producer: BlockProducer
let owner: Address

before(async () => {
  const g = makeGenesisTemplate(tempDir('lotus-ts-init-actor-'), [1000])
  const m = g.miners[0]!
  daemon = await startDaemon(tempDir(), env, 30000, makeGenesisArgs(g))
  client = fullNodeClient(daemon)
  // the genesis miner's key: its worker for mining, and (funded by add-miner) the new miner's owner
  owner = await client.api.WalletImport(workerKey(m))
  pool = new ProofsWorkerPool({ size: 1 })
  producer = createBlockProducer(
    { api: client.api, sectorFiles: preSealFiles(m), pool },
    { miner: m.actor, blockDelaySecs: 2, propagationDelaySecs: 1 },
  )
  producer.start()
})

after(async () => {
  await producer?.stop()
  await pool?.close()
  await client?.close()
  if (daemon) await stopDaemon(daemon)
  killAllMiners()
  await killAll()
})

describe('lotus-miner init on a mining chain', () => {
  it('creates the miner actor through the daemon and records it', async () => {
    const repo = tempDir()
    const r = await runMiner(
      ['init', `--owner=${owner}`, '--sector-size=2KiB'],
      minerEnv(repo, { ...env, FULLNODE_API_INFO: `${daemon.token}:${daemon.apiAddr}` }),
    )
    assert.equal(r.code, 0, r.stderr)
    const actor = Address.parse(readFileSync(join(repo, ACTOR_FILE), 'utf8').trim())
    assert.equal(actor.protocol, 0, 'an ID address')
    assert.match(r.stdout, new RegExp(`Miner ${actor} initialized`))
    assert.deepEqual(
      (await client.api.StateListMiners(TipSetKey.EMPTY)).map(String).sort(),
      ['t01000', actor.toString()].sort(),
    )
    const mi = (await client.api.StateMinerInfo(actor, TipSetKey.EMPTY)) as {
      Owner: string
      Worker: string
      SectorSize: number
    }
    assert.equal(
      (await client.api.StateAccountKey(Address.parse(mi.Owner), TipSetKey.EMPTY)).toString(),
      owner.toString(),
    )
    const worker = await client.api.StateAccountKey(Address.parse(mi.Worker), TipSetKey.EMPTY)
    assert.equal(worker.protocol, 3, 'a new BLS worker key')
    assert.ok(await client.api.WalletHas(worker), 'made in the daemon wallet')
    assert.equal(mi.SectorSize, 2048)
  })
})
