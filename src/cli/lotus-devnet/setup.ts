/**
 * The first start of a devnet, the way a Lotus user builds a local network by hand: pre-seal sectors for
 * each genesis miner (`lotus-seed pre-seal`), write the genesis template (`lotus-seed genesis new` and
 * `add-miner`), start the daemon making the genesis (`lotus daemon --lotus-make-genesis`), and initialize
 * each miner as a genesis miner (`lotus-miner init --genesis-miner`, which also imports its worker key into
 * the daemon's wallet). Each step's output goes to `<dir>/setup.log`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Child, clearApiFile, runProgram, startProgram, waitForApi } from './children.ts'
import type { DevnetLayout } from './layout.ts'

/** Sectors each genesis miner starts with (2KiB each: together above the devnet's minimum power). */
export const GENESIS_SECTORS = 2
export const SECTOR_SIZE = '2KiB'

export interface SetupOptions {
  miners: number
  env: NodeJS.ProcessEnv
  /** Progress lines for the operator. */
  say: (line: string) => void
}

/** Builds the network; returns the daemon it started (already serving the new genesis). */
export async function setUpDevnet(l: DevnetLayout, o: SetupOptions): Promise<Child> {
  mkdirSync(l.dir, { recursive: true })
  const log = join(l.dir, 'setup.log')
  const seed = (args: string[]) => runProgram('lotus-seed', [`--sector-dir=${l.sectors}`, ...args], o.env, log)
  for (let i = 0; i < o.miners; i++) {
    o.say(`pre-sealing ${GENESIS_SECTORS} sectors of ${SECTOR_SIZE} for ${l.actor(i)}`)
    await seed([
      'pre-seal',
      `--sector-size=${SECTOR_SIZE}`,
      `--num-sectors=${GENESIS_SECTORS}`,
      `--miner-addr=${l.actor(i)}`,
    ])
  }
  o.say('writing the genesis template')
  await seed(['genesis', 'new', l.template, '--network-name=localnet'])
  for (let i = 0; i < o.miners; i++)
    await seed(['genesis', 'add-miner', l.template, join(l.sectors, `pre-seal-${l.actor(i)}.json`)])

  o.say('starting the daemon on a new genesis')
  clearApiFile(l.daemon)
  const daemon = startProgram(
    'daemon',
    'lotus',
    ['daemon', `--lotus-make-genesis=${l.genesisCar}`, `--genesis-template=${l.template}`],
    { ...o.env, LOTUS_PATH: l.daemon },
    join(l.daemon, 'daemon.log'),
  )
  const api = await waitForApi(daemon, l.daemon)
  for (let i = 0; i < o.miners; i++) {
    o.say(`initializing ${l.actor(i)} in ${l.miner(i)}`)
    await runProgram(
      'lotus-miner',
      [
        'init',
        '--genesis-miner',
        `--actor=${l.actor(i)}`,
        `--sector-size=${SECTOR_SIZE}`,
        `--pre-sealed-sectors=${l.sectors}`,
        `--pre-sealed-metadata=${join(l.sectors, `pre-seal-${l.actor(i)}.json`)}`,
        '--nosync',
      ],
      { ...o.env, LOTUS_MINER_PATH: l.miner(i), FULLNODE_API_INFO: `${api.token}:${api.addr}` },
      log,
    )
  }
  return daemon
}
