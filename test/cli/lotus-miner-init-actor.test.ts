/**
 * `lotus-miner init` without `--actor` against a real `lotus daemon`: the worker-account send and the
 * CreateMiner message land in the daemon's mpool with Lotus's params (owner, new BLS worker from the
 * daemon wallet, window PoSt proof of --sector-size, the miner's peer ID); with an existing worker only
 * CreateMiner is sent, and the daemon's StateCall of it creates a miner (the params are valid for the
 * power actor). Blocks are not produced here, so the command is stopped while it waits (StateWaitMsg).
 * `init restore` with FULLNODE_API_INFO checks the backup's actor (a pre-sealed genesis miner) on chain and
 * refuses, writing nothing, while the daemon's wallet lacks its worker key.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import * as iso from 'iso-filecoin/wallet'
import { base58btc } from 'multiformats/bases/base58'
import { CreateMinerParamsCodec, CreateMinerReturnCodec } from '../../src/chain/actors/power/types.ts'
import { decode } from '../../src/core/codec.ts'
import { loadHostPeerId } from '../../src/daemon/host-key.ts'
import { ACTOR_FILE } from '../../src/miner/repo/actor.ts'
import { fromHex } from '../../src/util/bytes.ts'
import { keyInfoFromJson } from '../../src/wallet/key-info.ts'
import { FsKeyStore } from '../../src/wallet/keystore.ts'
import { type DaemonHandle, killAll, rpc, startDaemon, tempDir } from '../helpers/lotus-process.ts'
import { killAllMiners, MINER_BIN, minerEnv, runMiner } from '../helpers/miner-process.ts'
import { type Started, startProgram, stopProgram } from '../helpers/process.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-seed')
const seed = (...args: string[]) => execFileSync(process.execPath, [SEED_BIN, ...args], { encoding: 'utf8' })

let dir: string
let d: DaemonHandle
let info: string
const alice = iso.create('SECP256K1', 'testnet')
const bob = iso.create('SECP256K1', 'testnet')

const call = async (method: string, params: unknown[] = []) => {
  const r = await rpc(d.base, `Filecoin.${method}`, params, d.token)
  const body = r.body as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(body.error.message)
  return body.result
}

interface PendingJson {
  Message: { From: string; To: string; Nonce: number; Method: number; Value: string; Params: string | null }
}
const pending = async () => (await call('MpoolPending', [[]])) as PendingJson[]
const b64 = (s: string | null) => new Uint8Array(Buffer.from(s ?? '', 'base64'))

/** Starts `lotus-miner init <args>` and waits until it waits for the CreateMiner message. */
function startInit(repo: string, args: string[]): Promise<Started> {
  const env = minerEnv(repo, { FULLNODE_API_INFO: info })
  return startProgram('lotus-miner init', MINER_BIN, ['init', ...args], env, (e) =>
    e.includes('Waiting for confirmation'),
  )
}

before(async () => {
  dir = tempDir('lotus-ts-miner-actor-')
  const tpl = join(dir, 'genesis.json')
  seed('--sector-dir', join(dir, 'sectors'), 'pre-seal', '--sector-size', '2KiB', '--num-sectors', '1')
  seed('genesis', 'new', tpl, '--network-name=actortest')
  seed('genesis', 'add-miner', tpl, join(dir, 'sectors', 'pre-seal-t01000.json'))
  seed('genesis', 'add-account', tpl, alice.address.toString(), '1000')
  seed('genesis', 'add-account', tpl, bob.address.toString(), '50')
  d = await startDaemon(join(dir, 'lotus'), {}, 30000, [
    `--lotus-make-genesis=${join(dir, 'devgen.car')}`,
    `--genesis-template=${tpl}`,
  ])
  await call('WalletImport', [{ Type: 'secp256k1', PrivateKey: Buffer.from(alice.privateKey).toString('base64') }])
  await call('WalletSetDefault', [alice.address.toString()])
  info = `${d.token}:${d.apiAddr}`
})
after(async () => {
  killAllMiners()
  await killAll()
})

describe('lotus-miner init creates the miner actor through the daemon', () => {
  it('sends the worker account init and CreateMiner with Lotus params', async () => {
    const repo = join(dir, 'm1')
    const p = await startInit(repo, ['--sector-size', '2KiB'])
    const msgs = await pending()
    await stopProgram(p)
    assert.match(p.stderr(), /Initializing worker account t3\w+, message: bafy\w+/)
    assert.match(p.stderr(), /Pushed CreateMiner message: bafy\w+/)
    assert.match(
      p.stderr(),
      /interrupted while waiting for the CreateMiner message bafy\w+: .*lotus-miner init --actor/,
    )
    assert.deepEqual(
      msgs.map((m) => [m.Message.From, m.Message.Nonce, m.Message.To, m.Message.Method, m.Message.Value]),
      [
        [alice.address.toString(), 0, msgs[0]!.Message.To, 0, '0'],
        [alice.address.toString(), 1, 't04', 2, '0'],
      ],
    )
    const worker = msgs[0]!.Message.To
    assert.match(worker, /^t3/)
    assert.equal(await call('WalletHas', [worker]), true)
    const params = decode(CreateMinerParamsCodec, b64(msgs[1]!.Message.Params))
    assert.equal(params.owner.toString(), alice.address.toString())
    assert.equal(params.worker.toString(), worker)
    assert.equal(params.windowPoStProofType, 10)
    assert.deepEqual(params.multiaddrs, [])
    const peer = loadHostPeerId(new FsKeyStore(join(repo, 'keystore')))
    assert.equal(base58btc.baseEncode(params.peer), peer)
    assert.equal(existsSync(join(repo, ACTOR_FILE)), false, 'no actor recorded before the message executes')
  })

  it('with an existing worker sends only CreateMiner, which the power actor accepts', async () => {
    const repo = join(dir, 'm2')
    const args = ['--owner', alice.address.toString(), '--worker', bob.address.toString(), '--sector-size', '8MiB']
    const p = await startInit(repo, args)
    const msgs = await pending()
    await stopProgram(p)
    assert.doesNotMatch(p.stderr(), /Initializing worker account/)
    assert.equal(msgs.length, 3)
    const create = msgs[2]!
    assert.deepEqual([create.Message.Nonce, create.Message.To, create.Message.Method], [2, 't04', 2])
    const params = decode(CreateMinerParamsCodec, b64(create.Message.Params))
    assert.equal(params.worker.toString(), bob.address.toString())
    assert.equal(params.windowPoStProofType, 11)
    const r = (await call('StateCall', [create.Message, []])) as { MsgRct: { ExitCode: number; Return: string } }
    assert.equal(r.MsgRct.ExitCode, 0)
    const ret = decode(CreateMinerReturnCodec, b64(r.MsgRct.Return))
    assert.match(ret.idAddress.toString(), /^t0\d+$/)
    assert.match(ret.robustAddress.toString(), /^t2/)
  })

  it('refuses bad flags and a missing daemon with clear errors', async () => {
    const env = minerEnv(join(dir, 'm3'), { FULLNODE_API_INFO: info })
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--sector-size', '3KiB'], env, /sector size 3072 is not supported/],
      [['--owner', 'nope'], env, /--owner: /],
      [['--owner', iso.create('SECP256K1', 'testnet').address.toString()], env, /must exist on chain/],
      [[], minerEnv(join(dir, 'm4'), { LOTUS_PATH: join(dir, 'nodaemon') }), /set FULLNODE_API_INFO.*pass --actor/],
    ]
    for (const [args, e, re] of cases) {
      const r = await runMiner(['init', ...args], e)
      assert.notEqual(r.code, 0, args.join(' '))
      assert.match(r.stderr, re, args.join(' '))
    }
  })

  it("init restore checks the backup's actor and worker key on chain before writing", async () => {
    const src = join(dir, 'genesis-miner')
    const off = minerEnv(src)
    assert.equal((await runMiner(['init', '--actor', 't01000', '--no-local-storage'], off)).code, 0)
    const file = join(dir, 'gm.bak')
    assert.equal((await runMiner(['backup', '--offline', file], off)).stdout, 'Success\n')
    const target = join(dir, 'gm-restored')
    const env = minerEnv(target, { FULLNODE_API_INFO: info })
    const refused = await runMiner(['init', 'restore', file], env)
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /worker address t0\d+ for miner actor t01000 not present in full node wallet/)
    assert.equal(existsSync(target), false)
    const hex = readFileSync(join(dir, 'sectors', 'pre-seal-t01000.key'), 'utf8')
    const ki = keyInfoFromJson(new TextDecoder().decode(fromHex(hex.trim())))
    await call('WalletImport', [{ Type: 'bls', PrivateKey: Buffer.from(ki.privateKey).toString('base64') }])
    const ok = await runMiner(['init', 'restore', file], env)
    assert.equal(ok.code, 0, ok.stderr)
    assert.match(ok.stderr, /Checking actor metadata/)
    assert.match(ok.stdout, /^Miner t01000 restored in /)
  })
})
