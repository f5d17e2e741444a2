/**
 * The chain inside a real `lotus daemon`: a genesis made by `lotus-seed` + `--lotus-make-genesis`, chain and
 * state queries, messages signed outside Lotus-TS (iso-filecoin) through MpoolPush, `lotus send`, mpool
 * commands, and a kill -9 restart on the same genesis.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Message as IsoMessage } from 'iso-filecoin/message'
import * as iso from 'iso-filecoin/wallet'
import { blsPublicKey } from '../../src/crypto/bls.ts'
import { drawRandomness } from '../../src/crypto/randomness.ts'
import { keyInfoFromJson } from '../../src/wallet/key-info.ts'
import { encodeKeyName } from '../../src/wallet/keystore.ts'
import {
  type DaemonHandle,
  killAll,
  lotusEnv,
  rpc,
  runLotus,
  startDaemon,
  stopDaemon,
  tempDir,
} from '../helpers/lotus-process.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-seed')
const seed = (...args: string[]) => execFileSync(process.execPath, [SEED_BIN, ...args], { encoding: 'utf8' })

const FIL = 10n ** 18n
let dir: string
let repo: string
let d: DaemonHandle
let genesisCid: string
const alice = iso.create('SECP256K1', 'testnet') // imported into the daemon's wallet
const bob = iso.create('SECP256K1', 'testnet') // signs outside Lotus-TS only

const call = async (method: string, params: unknown[] = []) => {
  const r = await rpc(d.base, `Filecoin.${method}`, params, d.token)
  const body = r.body as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(body.error.message)
  return body.result
}

function bobMessage(nonce: number, value: bigint, over: Partial<Record<string, unknown>> = {}) {
  const msg = new IsoMessage({
    to: alice.address.toString(),
    from: bob.address.toString(),
    value: value.toString(),
    nonce,
    gasLimit: 1_000_000,
    gasFeeCap: '200000000',
    gasPremium: '100000',
    ...over,
  })
  const sig = iso.signMessage(bob.privateKey, 'SECP256K1', msg)
  return { Message: msg.toLotus(), Signature: sig.toLotus() }
}

before(async () => {
  dir = tempDir('lotus-ts-chain-')
  repo = join(dir, 'repo')
  const tpl = join(dir, 'genesis.json')
  seed('genesis', 'new', tpl, '--network-name=chaintest')
  seed('genesis', 'add-account', tpl, alice.address.toString(), '1000')
  seed('genesis', 'add-account', tpl, bob.address.toString(), '50')
  d = await startDaemon(repo, {}, 30000, [
    `--lotus-make-genesis=${join(dir, 'devgen.car')}`,
    `--genesis-template=${tpl}`,
  ])
  const pk = Buffer.from(alice.privateKey).toString('base64')
  await call('WalletImport', [{ Type: 'secp256k1', PrivateKey: pk }])
  await call('WalletSetDefault', [alice.address.toString()])
})
after(killAll)

describe('lotus daemon on a new genesis', () => {
  it('serves the genesis as head, with the template network and funded accounts', async () => {
    const head = (await call('ChainHead')) as { Cids: { '/': string }[]; Height: number; Blocks: { Miner: string }[] }
    assert.equal(head.Height, 0)
    assert.equal(head.Blocks[0]!.Miner, 't00')
    genesisCid = head.Cids[0]!['/']
    const gen = (await call('ChainGetGenesis')) as { Cids: { '/': string }[] }
    assert.equal(gen.Cids[0]!['/'], genesisCid)
    assert.equal(await call('StateNetworkName'), 'chaintest')
    assert.equal(await call('WalletBalance', [alice.address.toString()]), (1000n * FIL).toString())
    assert.equal(await call('StateLookupID', [bob.address.toString(), []]), 't0101')
    assert.equal(await call('StateAccountKey', ['t0100', []]), alice.address.toString())
    const byHeight = (await call('ChainGetTipSetByHeight', [0, []])) as { Height: number }
    assert.equal(byHeight.Height, 0)
    const block = (await call('ChainGetBlock', [{ '/': genesisCid }])) as { Parents: { '/': string }[] }
    assert.equal(block.Parents[0]!['/'], 'bafyreiaqpwbbyjo4a42saasj36kkrpv4tsherf2e7bvezkert2a7dhonoi')
    const msgs = (await call('ChainGetBlockMessages', [{ '/': genesisCid }])) as { Cids: unknown[] }
    assert.deepEqual(msgs.Cids, [])
    assert.ok(typeof (await call('ChainReadObj', [{ '/': genesisCid }])) === 'string')
    assert.deepEqual(await call('ChainGetParentMessages', [{ '/': genesisCid }]), [])
    assert.deepEqual(await call('ChainGetParentReceipts', [{ '/': genesisCid }]), [])
    const init = (await call('StateReadState', ['t01', []])) as { State: { NetworkName: string; NextID: number } }
    assert.equal(init.State.NetworkName, 'chaintest')
    assert.equal(init.State.NextID, 102)
    const acct = (await call('StateReadState', ['t0100', []])) as { Balance: string; State: { Address: string } }
    assert.deepEqual(acct.State, { Address: alice.address.toString() })
    assert.equal(acct.Balance, (1000n * FIL).toString())
    await assert.rejects(call('StateReadState', ['t0999', []]), /actor not found/)
    const zero = { RawBytePower: '0', QualityAdjPower: '0' }
    assert.deepEqual(await call('StateMinerPower', ['t0100', []]), {
      MinerPower: zero,
      TotalPower: zero,
      HasMinPower: false,
    })
  })

  it('puts its beacon key into the genesis, keeps the secret at mode 0600, and draws randomness', async () => {
    const g = (await call('ChainGetGenesis')) as {
      Blocks: { BeaconEntries: { Round: number; Data: string }[]; Ticket: { VRFProof: string } }[]
    }
    const entry = g.Blocks[0]!.BeaconEntries[0]!
    assert.equal(entry.Round, 0)
    const pub = Buffer.from(entry.Data, 'base64')
    assert.equal(pub.length, 48, 'the round-0 entry carries the 48-byte BLS public key')
    const keyFile = join(repo, 'keystore', encodeKeyName('beacon'))
    assert.equal(statSync(keyFile).mode & 0o777, 0o600)
    assert.deepEqual(blsPublicKey(keyInfoFromJson(readFileSync(keyFile, 'utf8')).privateKey), new Uint8Array(pub))
    const entropy = Buffer.from([1, 2, 3])
    const got = await call('StateGetRandomnessFromTickets', [5, 0, entropy.toString('base64'), null])
    const ticket = Buffer.from(g.Blocks[0]!.Ticket.VRFProof, 'base64')
    assert.equal(got, Buffer.from(drawRandomness(ticket, 5, 0, entropy)).toString('base64'))
    const beacon = await call('StateGetRandomnessFromBeacon', [6, 0, entropy.toString('base64'), null])
    assert.equal(beacon, Buffer.from(drawRandomness(pub, 6, 0, entropy)).toString('base64'))
    await assert.rejects(call('StateGetRandomnessFromTickets', [5, 10, '', null]), /from the future/)
    await assert.rejects(call('StateGetRandomnessFromTickets', [0, 0, '', null]), /unknown domain separation tag 0/)
  })

  it('lotus chain head / state / wallet list read the chain', async () => {
    const env = lotusEnv(repo)
    const head = await runLotus(['chain', 'head'], env)
    assert.equal(head.stdout, `${genesisCid}\n`, head.stderr)
    assert.equal((await runLotus(['state', 'network-name'], env)).stdout, 'chaintest\n')
    assert.equal((await runLotus(['state', 'lookup', bob.address.toString()], env)).stdout, 't0101\n')
    assert.equal((await runLotus(['state', 'lookup', '--reverse', 't0101'], env)).stdout, `${bob.address}\n`)
    const actor = await runLotus(['state', 'get-actor', 't0101'], env)
    assert.match(actor.stdout, /Balance:\t50 FIL\n/)
    assert.match(actor.stdout, /Code:\t\tbafk\w+ \(account\)/)
    const list = await runLotus(['chain', 'list'], env)
    assert.match(
      list.stdout,
      new RegExp(`^0: \\(\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d\\) \\[ ${genesisCid}: t00, \\]\\n$`),
    )
    const wl = await runLotus(['wallet', 'list'], env)
    assert.match(wl.stdout, new RegExp(`${alice.address}\\s+1000 FIL\\s+0\\s+X`))
    const gb = await runLotus(['chain', 'getblock', genesisCid], env)
    const block = JSON.parse(gb.stdout)
    assert.equal(block.Height, 0)
    assert.deepEqual([block.BlsMessages, block.ParentReceipts, block.ParentMessages], [[], [], []])
    assert.match((await runLotus(['state', 'search-msg', genesisCid], env)).stdout, /message was not found on chain/)
  })

  it('accepts a message signed by iso-filecoin and refuses bad ones with reasons', async () => {
    const ok = bobMessage(0, 1n * FIL)
    const cid = (await call('MpoolPush', [ok])) as { '/': string }
    const pending = (await call('MpoolPending', [[]])) as { Message: { From: string; Nonce: number } }[]
    assert.deepEqual(
      pending.map((p) => [p.Message.From, p.Message.Nonce]),
      [[bob.address.toString(), 0]],
    )
    assert.equal(await call('MpoolGetNonce', [bob.address.toString()]), 1)
    const cids = await runLotus(['mpool', 'pending', '--cids'], lotusEnv(repo))
    assert.equal(cids.stdout, `${cid['/']}\n`)

    const forged = bobMessage(1, 1n)
    forged.Signature = bobMessage(1, 2n).Signature
    await assert.rejects(call('MpoolPush', [forged]), /signature/i)
    await assert.rejects(call('MpoolPush', [bobMessage(9, 1n)]), /nonce gap/)
    await assert.rejects(call('MpoolPush', [bobMessage(1, 100n * FIL)]), /not enough funds/)
    await assert.rejects(call('MpoolPush', [bobMessage(0, 1n)]), /too low GasPremium|already exists/)
    assert.equal(((await call('MpoolPending', [[]])) as unknown[]).length, 1)
  })

  it('lotus send fills nonce and gas and signs with the wallet; mpool replace --auto reprices', async () => {
    const env = lotusEnv(repo)
    const sent = await runLotus(['send', bob.address.toString(), '2.5'], env)
    assert.equal(sent.code, 0, sent.stderr)
    assert.match(sent.stdout, /^bafy2bza\w+\n$/)
    const pending = (await call('MpoolPending', [[]])) as { Message: Record<string, string | number> }[]
    const mine = pending.find((p) => p.Message.From === alice.address.toString())!
    assert.equal(mine.Message.Value, `${(25n * FIL) / 10n}`)
    assert.ok(Number(mine.Message.GasLimit) > 0)
    assert.ok(BigInt(mine.Message.GasFeeCap as string) >= BigInt(mine.Message.GasPremium as string))
    const rep = await runLotus(['mpool', 'replace', '--auto', alice.address.toString(), '0'], env)
    assert.equal(rep.code, 0, rep.stderr)
    assert.match(rep.stdout, /^new message cid: bafy2bza\w+\n$/)
    const after = (await call('MpoolPending', [[]])) as { Message: Record<string, string | number> }[]
    const replaced = after.filter((p) => p.Message.From === alice.address.toString())
    assert.equal(replaced.length, 1)
    assert.equal(
      BigInt(replaced[0]!.Message.GasPremium as string),
      (BigInt(mine.Message.GasPremium as string) * 320n) / 256n + 1n,
    )
    // Concurrent pushes from one sender take consecutive nonces.
    const unsignedMsg = { ...bobMessage(0, 1n).Message, From: alice.address.toString(), To: bob.address.toString() }
    const both = (await Promise.all([
      call('MpoolPushMessage', [{ ...unsignedMsg, GasLimit: 0, GasFeeCap: '0', GasPremium: '0' }, null]),
      call('MpoolPushMessage', [{ ...unsignedMsg, GasLimit: 0, GasFeeCap: '0', GasPremium: '0' }, null]),
    ])) as { Message: { Nonce: number } }[]
    assert.deepEqual(both.map((b) => b.Message.Nonce).sort(), [1, 2])
    await assert.rejects(
      call('MpoolPushMessage', [{ ...unsignedMsg, Nonce: 3 }, null]),
      /expects message nonce to be 0/,
    )
    const noKey = await runLotus(['send', '--from', bob.address.toString(), 't0100', '1'], env)
    assert.notEqual(noKey.code, 0)
    assert.match(noKey.stderr, /wallet has no key/)
    const call0 = (await call('StateCall', [bobMessage(0, 1n).Message, []])) as { MsgRct: { ExitCode: number } }
    assert.equal(call0.MsgRct.ExitCode, 0)
  })

  it('comes back after kill -9 with the same genesis and head, and refuses another genesis', async () => {
    const cidsOf = async () =>
      (await runLotus(['mpool', 'pending', '--cids'], lotusEnv(repo))).stdout.split('\n').sort()
    const pendingBefore = await cidsOf()
    assert.equal(pendingBefore.filter(Boolean).length, 4)
    assert.equal(await stopDaemon(d, 'SIGKILL'), null)
    d = await startDaemon(repo, {}, 30000, [`--genesis=${join(dir, 'devgen.car')}`])
    const head = (await call('ChainHead')) as { Cids: { '/': string }[] }
    assert.equal(head.Cids[0]!['/'], genesisCid)
    // The node's own pending messages come back.
    assert.deepEqual(await cidsOf(), pendingBefore)
    assert.equal(await call('WalletBalance', [bob.address.toString()]), (50n * FIL).toString())
    await stopDaemon(d)

    // A second network's genesis on this repo is refused by name.
    const other = tempDir('lotus-ts-chain-other-')
    const tpl = join(other, 'g.json')
    seed('genesis', 'new', tpl, '--network-name=other')
    const o = await startDaemon(join(other, 'repo'), {}, 30000, [
      `--lotus-make-genesis=${join(other, 'other.car')}`,
      `--genesis-template=${tpl}`,
    ])
    await stopDaemon(o)
    await assert.rejects(
      startDaemon(repo, {}, 30000, [`--genesis=${join(other, 'other.car')}`]),
      /genesis in the repo \(bafy\w+\) is not the one in/,
    )
  })
})
