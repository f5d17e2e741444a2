/**
 * Mining inside `lotus-miner run`: sector files are found through the miner's storage paths (a pre-seal dir
 * attached as lotus-seed left it), a missing sector names what is missing, and the producer does not start
 * when `[Subsystems] EnableMining` is false or the repo has no actor.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { createClient } from '../../../src/api/client/client.ts'
import { httpTransport } from '../../../src/api/client/http-transport.ts'
import { FullNodeMethods } from '../../../src/api/full/index.ts'
import { Address } from '../../../src/core/address.ts'
import { localSectorFiles, startMining } from '../../../src/miner/mining/setup.ts'
import { MINER_CONFIG_DEFAULTS } from '../../../src/miner/repo/config.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { NotFoundError } from '../../../src/util/errors.ts'
import { LocalStore } from '../../../src/worker/paths/local.ts'
import { SectorIndex } from '../../../src/worker/paths/sector-index.ts'
import { StorageConfigFile } from '../../../src/worker/paths/storage-config.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'lotus-seed')
const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-mining-setup-'))
// never called: the producer must not start, so nothing reaches the daemon
const transport = httpTransport({ url: 'http://127.0.0.1:9/rpc/v1' })
after(async () => {
  await transport.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('mining setup in the miner', () => {
  it('finds the sealed and cache files of pre-sealed sectors in an attached storage path', () => {
    const sectors = join(dir, 'sectors')
    const r = spawnSync(process.execPath, [SEED_BIN, '--sector-dir', sectors, 'pre-seal', '--num-sectors', '1'], {
      encoding: 'utf8',
    })
    assert.equal(r.status, 0, r.stderr)
    const repo = join(dir, 'repo')
    mkdirSync(repo)
    const local = new LocalStore({ index: new SectorIndex(), config: new StorageConfigFile(repo), urls: () => [] })
    const files = localSectorFiles(local, Address.fromId(1000))
    assert.throws(() => files(0n), NotFoundError)
    local.add(sectors)
    const f = files(0n) as { sealed: string; cache: string }
    assert.equal(f.sealed, join(sectors, 'sealed', 's-t01000-0'))
    assert.equal(f.cache, join(sectors, 'cache', 's-t01000-0'))
    assert.ok(existsSync(f.sealed) && existsSync(f.cache))
    assert.throws(() => files(7n), /sector 7: no local storage path holds its sealed file/)
    assert.throws(() => localSectorFiles(local, Address.fromId(1001))(0n), NotFoundError)
  })

  it('does not start with EnableMining = false or without an actor', async () => {
    const base = {
      api: createClient(FullNodeMethods, transport),
      local: { pathOf: () => undefined },
      signal: new AbortController().signal,
    }
    const off = { ...MINER_CONFIG_DEFAULTS, Subsystems: { ...MINER_CONFIG_DEFAULTS.Subsystems, EnableMining: false } }
    assert.equal(await startMining({ ...base, repoPath: dir, config: off }, { profile: devnet }), undefined)
    const noActor = join(dir, 'no-actor')
    assert.equal(
      await startMining({ ...base, repoPath: noActor, config: MINER_CONFIG_DEFAULTS }, { profile: devnet }),
      undefined,
    )
  })
})
