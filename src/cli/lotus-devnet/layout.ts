/**
 * Where a devnet keeps its processes' repos (`lotus/`, `miner/`, `miner2/`, ..., `worker/`) and what it
 * remembers between starts (`devnet.json`: the number of miners, the block time, the deadline length, whether
 * the setup finished).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { devnet } from '../../params/profiles.ts'
import { InvalidError } from '../../util/errors.ts'

export interface DevnetLayout {
  readonly dir: string
  readonly daemon: string
  readonly worker: string
  readonly sectors: string
  readonly template: string
  readonly genesisCar: string
  readonly state: string
  /** The miner repos, first `miner/`, then `miner2/`, `miner3/`... */
  miner(i: number): string
  /** The i-th genesis miner's actor address (t01000, t01001...). */
  actor(i: number): string
}

export function devnetLayout(dir: string): DevnetLayout {
  return {
    dir,
    daemon: join(dir, 'lotus'),
    worker: join(dir, 'worker'),
    sectors: join(dir, 'genesis-sectors'),
    template: join(dir, 'genesis.json'),
    genesisCar: join(dir, 'devgen.car'),
    state: join(dir, 'devnet.json'),
    miner: (i) => join(dir, i === 0 ? 'miner' : `miner${i + 1}`),
    actor: (i) => `t0${1000 + i}`,
  }
}

export interface DevnetState {
  miners: number
  blockTimeSecs: number
  /** Epochs per proving deadline (`LOTUS_TS_WPOST_CHALLENGE_WINDOW`). */
  challengeWindow: number
  /** False until every repo exists and the genesis is made: a devnet whose setup was cut short is refused. */
  setupDone: boolean
}

export function readDevnetState(l: DevnetLayout): DevnetState | undefined {
  if (!existsSync(l.state)) return undefined
  const j = JSON.parse(readFileSync(l.state, 'utf8')) as Partial<DevnetState>
  if (typeof j.miners !== 'number' || typeof j.blockTimeSecs !== 'number' || typeof j.setupDone !== 'boolean')
    throw new InvalidError(`${l.state} is not a devnet state file`)
  // devnets made before the deadline length was recorded run the default
  const challengeWindow = typeof j.challengeWindow === 'number' ? j.challengeWindow : devnet.wpostChallengeWindow
  return { miners: j.miners, blockTimeSecs: j.blockTimeSecs, challengeWindow, setupDone: j.setupDone }
}

export function writeDevnetState(l: DevnetLayout, s: DevnetState): void {
  mkdirSync(l.dir, { recursive: true })
  const tmp = `${l.state}.tmp`
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`)
  renameSync(tmp, l.state)
}
