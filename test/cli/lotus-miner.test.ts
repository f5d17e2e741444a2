/**
 * `lotus-miner` end to end on real processes: init, run, version/auth, storage attach/list/find/detach,
 * `/remote` serving with auth, fetching a sector from the running miner into another path, restart with
 * the start-up scan, and bad requests (clear errors, non-zero exits).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createClient } from '../../src/api/client/client.ts'
import { httpTransport } from '../../src/api/client/http-transport.ts'
import { StorageMinerMethods } from '../../src/api/miner/index.ts'
import { fetchSector } from '../../src/worker/paths/fetch.ts'
import { FT, sectorPath } from '../../src/worker/paths/filetypes.ts'
import { LocalStore } from '../../src/worker/paths/local.ts'
import { newMeta, writeMeta } from '../../src/worker/paths/meta.ts'
import { SectorIndex } from '../../src/worker/paths/sector-index.ts'
import { StorageConfigFile } from '../../src/worker/paths/storage-config.ts'
import { killAll, rpc, tempDir } from '../helpers/lotus-process.ts'
import { killAllMiners, type MinerHandle, minerEnv, runMiner, startMiner, stopMiner } from '../helpers/miner-process.ts'

let dir: string
let repo: string
let env: NodeJS.ProcessEnv
let miner: MinerHandle
const sealed = randomBytes(2048)

before(async () => {
  dir = tempDir('lotus-ts-miner-')
  repo = join(dir, 'repo')
  env = minerEnv(repo)
  const noActor = await runMiner(['init'], env)
  assert.equal(noActor.code, 1)
  assert.match(noActor.stderr, /pass --actor/)
  const init = await runMiner(['init', '--actor', 't01000'], env)
  assert.equal(init.code, 0, init.stderr)
  assert.ok(existsSync(join(repo, 'config.toml')))
  miner = await startMiner(repo)
})

after(async () => {
  killAllMiners()
  await killAll()
})

const ok = async (args: string[]) => {
  const r = await runMiner(args, env)
  assert.equal(r.code, 0, `lotus-miner ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}
const fails = async (args: string[], re: RegExp) => {
  const r = await runMiner(args, env)
  assert.notEqual(r.code, 0, `lotus-miner ${args.join(' ')} should fail`)
  assert.match(r.stderr, re)
}

test('version, auth create-token and api-info', async () => {
  const [v, tok, info] = await Promise.all([
    ok(['version']),
    ok(['auth', 'create-token', '--perm', 'write']),
    ok(['auth', 'api-info', '--perm', 'admin']),
  ])
  assert.match(v, /^Daemon: {2}\S+\+api1\.5\.0\nLocal: lotus-miner version /)
  const verify = await rpc(miner.base, 'Filecoin.AuthVerify', [tok.trim()])
  assert.deepEqual((verify.body as { result: unknown }).result, ['read', 'write'])
  assert.match(info, /^MINER_API_INFO=\S+:\/ip4\/127\.0\.0\.1\/tcp\/\d+\/http\n$/)
  const addr = await rpc(miner.base, 'Filecoin.ActorAddress', [])
  assert.equal((addr.body as { result: unknown }).result, 't01000')
})

test('sealing workers lists the built-in worker with the tasks [Storage] allows', async () => {
  const out = await ok(['sealing', 'workers'])
  assert.equal(out.match(/^Worker /gm)?.length, 1, out)
  assert.match(out, /^\tTASK: FIN\(0\) .*PC1\(0\) AP\(0\)$/m)
  const stats = await rpc(miner.base, 'Filecoin.WorkerStats', [], miner.token)
  assert.equal(Object.keys((stats.body as { result: Record<string, unknown> }).result).length, 1)
  const anon = await rpc(miner.base, 'Filecoin.WorkerStats', [])
  assert.match(JSON.stringify(anon.body), /missing permission to invoke 'WorkerStats'/)
})

test('storage attach: seal and store paths, and refused requests', async () => {
  const seal = join(dir, 'seal')
  mkdirSync(seal)
  const full = join(dir, 'full')
  mkdirSync(full)
  writeFileSync(join(full, 'junk'), 'x')
  await Promise.all([
    ok(['storage', 'attach', '--init', '--seal', '--weight', '20', '--groups', 'g1', seal]),
    ok(['storage', 'attach', '--init', '--store', '--max-storage', '1GiB', '--allow-to', 'g1', join(dir, 'store')]),
    fails(['storage', 'attach', '--init', join(dir, 'neither')], /must specify at least one of --store or --seal/),
    fails(['storage', 'attach', join(dir, 'missing')], /does not exist/),
    fails(['storage', 'attach', '--init', '--seal', full], /not empty and holds no sectorstore\.json/),
    fails(['storage', 'attach', full], /holds no sectorstore\.json: use --init/),
    fails(['storage', 'attach', '--seal', join(dir, 'seal')], /only used with --init/),
    fails(['storage', 'attach', '--init', '--seal', '--max-storage', 'lots', join(dir, 'x')], /invalid size/),
    fails(['storage', 'attach', '--init', '--seal', '--weight', 'heavy', join(dir, 'y')], /invalid value "heavy"/),
    fails(['storage', 'attach'], /incorrect number of arguments/),
  ])
  await fails(['storage', 'attach', seal], /already attached/)
  const paths = JSON.parse(readFileSync(join(repo, 'storage.json'), 'utf8')).StoragePaths.map(
    (p: { Path: string }) => p.Path,
  )
  assert.deepEqual(paths.sort(), [repo, seal, join(dir, 'store')].sort())
  const meta = JSON.parse(readFileSync(join(seal, 'sectorstore.json'), 'utf8'))
  assert.equal(meta.Weight, 20)
  assert.equal(meta.CanSeal, true)
  assert.deepEqual(meta.Groups, ['g1'])
  assert.ok(!existsSync(join(dir, 'neither', 'sectorstore.json')))
})

test('storage list prints Lotus blocks with the usage bar', async () => {
  const out = await ok(['storage', 'list'])
  const blocks = out.trim().split('\n\n')
  assert.equal(blocks.length, 3)
  for (const b of blocks) {
    const lines = b.split('\n')
    assert.match(lines[0]!, /^[0-9a-f-]{36}:$/)
    assert.match(lines[1]!, /^\t\[[#* ]{50}\] [\d.]+ \w?i?B\/[\d.]+ \w?i?B \d+%( \(filesystem\))?$/)
    assert.ok(
      lines.some((l) =>
        /^\tUnsealed: \d+; Sealed: \d+; Caches: \d+; Updated: \d+; Update-caches: \d+; Reserved: /.test(l),
      ),
    )
    assert.ok(lines.some((l) => /^\tLocal: \//.test(l)))
    assert.ok(lines.some((l) => /^\tURL: http:\/\/127\.0\.0\.1:\d+\/remote$/.test(l)))
  }
  const seal = blocks.find((b) => b.includes(`Local: ${join(dir, 'seal')}`))!
  assert.match(seal, /\tWeight: 20; Use: Seal \n/)
  assert.match(seal, /\tGroups: g1\n/)
  const store = blocks.find((b) => b.includes(`Local: ${join(dir, 'store')}`))!
  assert.match(store, /\(filesystem\)\n\t\[ {50}\] 0 B\/1 GiB 0% \(limit\)\n/)
  assert.match(store, /\tWeight: 10; Use: Store\n/)
  assert.match(store, /\tAllowTo: g1\n/)
})

test('storage find after placing a sector, /remote with auth, fetch into another path', async () => {
  const seal = join(dir, 'seal')
  mkdirSync(join(seal, 'cache', 's-t01000-3'), { recursive: true })
  writeFileSync(sectorPath(seal, 'sealed', 1000, 3), sealed)
  writeFileSync(join(sectorPath(seal, 'cache', 1000, 3), 'p_aux'), 'aux-bytes')
  await ok(['storage', 'redeclare', '--all'])
  const found = await ok(['storage', 'find', '3'])
  assert.match(found, /^In [0-9a-f-]{36} \(Sealed, Cache\)\n\tSealing: true; Storage: false\n/)
  assert.ok(found.includes(`\tLocal (${seal})\n`))
  assert.match(found, /\tURL: http:\/\/127\.0\.0\.1:\d+\/remote\/sealed\/s-t01000-3\n/)
  assert.match(await ok(['storage', 'list']), /Unsealed: 0; Sealed: 1; Caches: 1;/)
  await Promise.all([
    fails(['storage', 'find', '4'], /sector 4 not found in any storage path/),
    fails(['storage', 'find', 'four'], /invalid sector number "four"/),
    fails(['storage', 'find'], /incorrect number of arguments/),
  ])

  const url = `${miner.base}/remote/sealed/s-t01000-3`
  assert.equal((await fetch(url)).status, 401)
  const readTok = await ok(['auth', 'create-token', '--perm', 'read'])
  assert.equal((await fetch(url, { headers: { Authorization: `Bearer ${readTok.trim()}` } })).status, 401)
  const res = await fetch(url, { headers: { Authorization: `Bearer ${miner.token}` } })
  assert.equal(res.status, 200)
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), sealed)
  const tar = await fetch(`${miner.base}/remote/cache/s-t01000-3`, {
    headers: { Authorization: `Bearer ${miner.token}` },
  })
  assert.equal(tar.headers.get('content-type'), 'application/x-tar')
  assert.equal(
    (await fetch(`${miner.base}/remote/sealed/s-t01000-9`, { headers: { Authorization: `Bearer ${miner.token}` } }))
      .status,
    404,
  )

  // a second process's path fetches the sector through the miner's index and /remote
  const index = new SectorIndex()
  const other = join(dir, 'other')
  mkdirSync(other)
  writeMeta(other, newMeta({ CanSeal: true }))
  const local = new LocalStore({ index, config: new StorageConfigFile(dir), urls: () => [] })
  local.add(other)
  const sid = { Miner: 1000, Number: 3 }
  const api = createClient(StorageMinerMethods, httpTransport({ url: `${miner.base}/rpc/v0`, token: miner.token }))
  const id = (await api.StorageFindSector(sid, FT.sealed, 0, false))[0]!.ID
  index.attach(await api.StorageInfo(id), await api.StorageStat(id))
  index.declare(id, sid, FT.sealed | FT.cache, true)
  const file = await fetchSector({ index, local, token: miner.token }, sid, 'sealed', 2048, 'sealing')
  assert.deepEqual(readFileSync(file), sealed)
  const cache = await fetchSector({ index, local, token: miner.token }, sid, 'cache', 2048, 'sealing')
  assert.equal(readFileSync(join(cache, 'p_aux'), 'utf8'), 'aux-bytes')
  assert.deepEqual(readdirSync(join(other, 'sealed')), ['s-t01000-3'])
})

test('bad API requests get clear errors', async () => {
  const call = async (method: string, params: unknown[], token = miner.token) => {
    const body = (await rpc(miner.base, `Filecoin.${method}`, params, token)).body as { error?: { message: string } }
    assert.ok(body.error, `${method} should fail: ${JSON.stringify(body)}`)
    return body
  }
  const sid = { Miner: 1000, Number: 1 }
  assert.match(
    (await call('StorageDeclareSector', ['nope', sid, 2, true])).error!.message,
    /storage path "nope" not found/,
  )
  assert.match((await call('StorageInfo', ['nope'])).error!.message, /not found/)
  assert.match((await call('StorageFindSector', [sid, 1024, 0, false])).error!.message, /unknown bits/)
  assert.match((await call('StorageAddLocal', [join(dir, 'missing')])).error!.message, /does not exist/)
  assert.match((await call('StorageBestAlloc', [2, 2048, 'attic', 1000])).error!.message, /invalid path type/)
  assert.match((await call('StorageList', [], '')).error!.message, /missing permission/)
})

test('stop, restart: the start-up scan finds the files again; a second miner on the repo is refused', async () => {
  await ok(['stop'])
  assert.equal(await miner.exited, 0)
  assert.ok(!existsSync(join(repo, 'api')))
  miner = await startMiner(repo)
  const second = await runMiner(['run'], env)
  assert.notEqual(second.code, 0)
  assert.match(second.stderr, /already locked/)
  assert.match(await ok(['storage', 'find', '3']), /\(Sealed, Cache\)/)
  await fails(['storage', 'detach', join(dir, 'store')], /pass --really-do-it/)
  await ok(['storage', 'detach', '--really-do-it', join(dir, 'store')])
  assert.equal((await ok(['storage', 'list'])).trim().split('\n\n').length, 2)
  await fails(['storage', 'detach', '--really-do-it', join(dir, 'store')], /no local storage path/)
})

test('an unreachable path is reported by storage list', async () => {
  const gone = join(dir, 'gone')
  await ok(['storage', 'attach', '--init', '--store', gone])
  rmSync(gone, { recursive: true })
  const out = await ok(['storage', 'list'])
  const block = out
    .trim()
    .split('\n\n')
    .find((b) => !b.includes('\tLocal: ') || b.includes('Error'))
  assert.ok(block, out)
  assert.match(block, /^[0-9a-f-]{36}:\n\tError: storage \S+ is unhealthy: .*sectorstore\.json is gone/)
})

test('run refuses an unreachable FULLNODE_API_INFO and bad flags', async () => {
  const other = join(tempDir('lotus-ts-miner2-'), 'repo')
  const r = await runMiner(['run'], minerEnv(other, { FULLNODE_API_INFO: 'abc:/ip4/127.0.0.1/tcp/1/http' }))
  assert.notEqual(r.code, 0)
  assert.match(r.stderr, /could not reach the daemon at \/ip4\/127\.0\.0\.1\/tcp\/1\/http/)
  const bad = await runMiner(['run', '--miner-api', 'x'], minerEnv(other))
  assert.notEqual(bad.code, 0)
  assert.match(bad.stderr, /--miner-api: invalid port x/)
  await stopMiner(miner)
})
