/**
 * A devnet genesis made the Lotus way for the mining tests: `lotus-seed pre-seal` per miner (2KiB, real
 * sealing, each in its own sector dir), `lotus-seed genesis new`, `genesis add-miner` per miner; the daemon
 * then makes the genesis CAR with `--lotus-make-genesis` and `--genesis-template`.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createClient } from '../../../src/api/client/client.ts'
import { rpcUrl } from '../../../src/api/client/endpoint.ts'
import { httpTransport } from '../../../src/api/client/http-transport.ts'
import { FullNodeMethods } from '../../../src/api/full/index.ts'
import { readKey } from '../../../src/cli/lotus/wallet-keys.ts'
import { Address } from '../../../src/core/address.ts'
import type { SectorFilesProvider } from '../../../src/miner/mining/deps.ts'
import type { DaemonHandle } from '../../helpers/lotus-process.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'lotus-seed')

export interface PreSealedMiner {
  readonly actor: Address
  /** The sector dir (sealed/, cache/, pre-seal-<actor>.json and .key). */
  readonly dir: string
  readonly metadata: string
  readonly keyFile: string
}

function seed(...args: string[]): void {
  const r = spawnSync(process.execPath, [SEED_BIN, ...args], { encoding: 'utf8' })
  assert.equal(r.status, 0, `lotus-seed ${args.join(' ')}: ${r.stderr}`)
}

/**
 * Pre-seals `sectors` sectors for each actor id (one count for all, or one per actor) and writes a template
 * with every miner; returns the template path.
 */
export function makeGenesisTemplate(
  root: string,
  actorIds: readonly number[],
  sectors: number | readonly number[] = 1,
): { template: string; car: string; miners: PreSealedMiner[] } {
  const miners = actorIds.map((id, i) => {
    const actor = Address.fromId(id)
    const dir = join(root, `sectors-${actor}`)
    seed(
      '--sector-dir',
      dir,
      'pre-seal',
      '--sector-size',
      '2KiB',
      '--num-sectors',
      String(typeof sectors === 'number' ? sectors : sectors[i]),
      '--miner-addr',
      `${actor}`,
    )
    return { actor, dir, metadata: join(dir, `pre-seal-${actor}.json`), keyFile: join(dir, `pre-seal-${actor}.key`) }
  })
  const template = join(root, 'genesis.json')
  seed('genesis', 'new', template, '--network-name=miningtest')
  for (const m of miners) seed('genesis', 'add-miner', template, m.metadata)
  return { template, car: join(root, 'devgen.car'), miners }
}

/** The daemon args that make the genesis from the template. */
export const makeGenesisArgs = (g: { template: string; car: string }) => [
  `--lotus-make-genesis=${g.car}`,
  `--genesis-template=${g.template}`,
]

/** A typed FullNode client on a test daemon (HTTP), with its close. */
export function fullNodeClient(d: DaemonHandle) {
  const transport = httpTransport({ url: rpcUrl(d.apiAddr, 'http'), token: d.token })
  return { api: createClient(FullNodeMethods, transport), close: () => transport.close() }
}

/** The worker key lotus-seed wrote (hex of a Lotus KeyInfo JSON). */
export const workerKey = (m: PreSealedMiner) => readKey(readFileSync(m.keyFile, 'utf8'), 'hex-lotus')

/** Sector files straight from a miner's pre-seal dir. */
export const preSealFiles =
  (m: PreSealedMiner): SectorFilesProvider =>
  (n) => ({ sealed: join(m.dir, 'sealed', `s-${m.actor}-${n}`), cache: join(m.dir, 'cache', `s-${m.actor}-${n}`) })
