/**
 * The real `lotus daemon` driven over raw HTTP and WebSocket: the permission matrix over every method of
 * the FullNode table, bad input of every kind, and a clean Shutdown at the end.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import WebSocket from 'ws'
import { FullNodeMethods } from '../../src/api/full/index.ts'
import { ALL_PERMISSIONS } from '../../src/api/method.ts'
import { type DaemonHandle, killAll, rawPost, rpc, startDaemon, tempDir } from '../helpers/lotus-process.ts'

type Err = { code: number; message: string }
const errOf = (body: unknown) => (body as { error?: Err }).error
const resultOf = (body: unknown) => (body as { result?: unknown }).result

let d: DaemonHandle
let tokens: Record<string, string | undefined>
let addr: string
let throwaway: string

async function call(method: string, params: unknown[] = [], token?: string) {
  return rpc(d.base, `Filecoin.${method}`, params, token)
}

before(async () => {
  d = await startDaemon(tempDir())
  tokens = { none: undefined }
  for (let i = 0; i < ALL_PERMISSIONS.length; i++) {
    const r = await call('AuthNew', [ALL_PERMISSIONS.slice(0, i + 1)], d.token)
    tokens[ALL_PERMISSIONS[i]!] = Buffer.from(resultOf(r.body) as string, 'base64').toString()
  }
  addr = resultOf((await call('WalletNew', ['secp256k1'], d.token)).body) as string
  throwaway = resultOf((await call('WalletNew', ['bls'], d.token)).body) as string
})
after(killAll)

/** Valid params for every method (a method added to the table must be added here). */
function sampleParams(): Record<string, unknown[]> {
  const b64 = Buffer.from('hello').toString('base64')
  // Chain methods answer "no chain" here (this daemon has no genesis); only their permissions are checked.
  const cid = { '/': 'bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6' }
  const msg = {
    Version: 0,
    To: addr,
    From: addr,
    Nonce: 0,
    Value: '0',
    GasLimit: 0,
    GasFeeCap: '0',
    GasPremium: '0',
    Method: 0,
    Params: null,
  }
  return {
    Version: [],
    Session: [],
    ID: [],
    StartTime: [],
    Closing: [],
    LogList: [],
    LogSetLevel: ['rpc', 'warn'],
    AuthVerify: [d.token],
    AuthNew: [['read']],
    WalletNew: ['secp256k1'],
    WalletHas: [addr],
    WalletList: [],
    WalletBalance: [addr],
    WalletSign: [addr, b64],
    WalletSignMessage: [
      addr,
      {
        Version: 0,
        To: addr,
        From: addr,
        Nonce: 0,
        Value: '0',
        GasLimit: 0,
        GasFeeCap: '0',
        GasPremium: '0',
        Method: 0,
        Params: null,
      },
    ],
    WalletVerify: [addr, b64, { Type: 1, Data: Buffer.alloc(65).toString('base64') }],
    WalletDefaultAddress: [],
    WalletSetDefault: [addr],
    WalletExport: [addr],
    WalletImport: [{ Type: 'secp256k1', PrivateKey: Buffer.alloc(32, 7).toString('base64') }],
    WalletDelete: [throwaway],
    WalletValidateAddress: [addr],
    StateGetActor: [addr, null],
    StateLookupID: [addr, []],
    StateAccountKey: [addr, []],
    StateNetworkName: [],
    StateReadState: [addr, []],
    StateMinerPower: [addr, []],
    StateSearchMsg: [[], cid, -1, true],
    StateWaitMsg: [cid, 1, -1, true],
    StateCall: [msg, []],
    StateMinerInfo: [addr, []],
    StateMinerProvingDeadline: [addr, []],
    StateMinerDeadlines: [addr, []],
    StateMinerPartitions: [addr, 0, []],
    StateMinerSectors: [addr, null, []],
    StateSectorGetInfo: [addr, 1, []],
    StateMinerSectorCount: [addr, []],
    StateMinerAvailableBalance: [addr, []],
    ChainHead: [],
    ChainGetGenesis: [],
    ChainGetBlock: [cid],
    ChainGetTipSet: [[cid]],
    ChainGetTipSetByHeight: [0, []],
    ChainGetBlockMessages: [cid],
    ChainGetMessage: [cid],
    ChainGetParentMessages: [cid],
    ChainGetParentReceipts: [cid],
    ChainReadObj: [cid],
    ChainNotify: [],
    MpoolPush: [{ Message: msg, Signature: { Type: 1, Data: Buffer.alloc(65).toString('base64') } }],
    MpoolPushMessage: [msg, null],
    MpoolPending: [[]],
    MpoolGetNonce: [addr],
    GasEstimateMessageGas: [msg, null, []],
    StateGetRandomnessFromTickets: [2, 0, b64, []],
    StateGetRandomnessFromBeacon: [2, 0, b64, []],
    StateSectorPreCommitInfo: [addr, 1, []],
    StateMinerPreCommitDepositForPower: [addr, {}, []],
    StateMinerInitialPledgeCollateral: [addr, {}, []],
    StateMinerFaults: [addr, []],
    StateMinerRecoveries: [addr, []],
    StateListActors: [[]],
    StateListMiners: [[]],
    MinerGetBaseInfo: [addr, 1, []],
    MinerCreateBlock: [{}],
    SyncSubmitBlock: [{}],
    SyncCheckBad: [cid],
    MpoolSelect: [[], 1],
    BeaconGetEntry: [1],
    Shutdown: [],
  }
}

describe('permission matrix', () => {
  it('has sample params for every method of the table', () => {
    assert.deepEqual(Object.keys(sampleParams()).sort(), Object.keys(FullNodeMethods).sort())
  })

  it('allows or refuses every method for no token and read, write, sign, admin tokens exactly by its perm', async () => {
    const samples = sampleParams()
    for (const [name, def] of Object.entries(FullNodeMethods)) {
      for (const [tokenName, token] of Object.entries(tokens)) {
        const held =
          tokenName === 'none' ? ['read'] : ALL_PERMISSIONS.slice(0, ALL_PERMISSIONS.indexOf(tokenName as 'read') + 1)
        const allowed = (held as string[]).includes(def.perm)
        if (name === 'Shutdown' && allowed) continue // exercised by the last test
        const r = await call(name, samples[name]!, token)
        const e = errOf(r.body)
        const refusal = `missing permission to invoke '${name}' (need '${def.perm}')`
        if (allowed) {
          assert.ok(
            !(e?.code === 1 && e.message.startsWith('missing permission')),
            `${name} with ${tokenName}: ${e?.message}`,
          )
        } else {
          assert.deepEqual(e, { code: 1, message: refusal }, `${name} with ${tokenName} must be refused`)
          assert.equal(r.status, 200)
        }
      }
    }
  })

  it('checks membership, not a hierarchy: an admin-only token cannot call a read method', async () => {
    const r = await call('AuthNew', [['admin']], d.token)
    const adminOnly = Buffer.from(resultOf(r.body) as string, 'base64').toString()
    assert.deepEqual(errOf((await call('Version', [], adminOnly)).body), {
      code: 1,
      message: "missing permission to invoke 'Version' (need 'read')",
    })
    assert.deepEqual(resultOf((await call('AuthVerify', [adminOnly], d.token)).body), ['admin'])
  })
})

describe('auth', () => {
  it('answers a bad token with HTTP 401, in the header or the query', async () => {
    assert.equal((await call('Version', [], 'not-a-jwt')).status, 401)
    const forged = `${d.token.slice(0, -4)}AAAA`
    assert.equal((await call('Version', [], forged)).status, 401)
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Version', params: [] })
    assert.equal((await rawPost(`${d.base}/rpc/v1?token=bogus`, body)).status, 401)
    assert.equal((await rawPost(`${d.base}/rpc/v1`, body, { Authorization: 'Basic abc' })).status, 401)
  })

  it('takes the token from ?token= too', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Filecoin.AuthNew', params: [['read']] })
    const r = await rawPost(`${d.base}/rpc/v0?token=${d.token}`, body)
    assert.equal(typeof resultOf(r.body), 'string')
  })

  it('returns AuthNew as base64 of the token text, and AuthVerify reads it back', async () => {
    const r = await call('AuthNew', [['read', 'write']], d.token)
    const token = Buffer.from(resultOf(r.body) as string, 'base64').toString()
    assert.match(token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/)
    assert.deepEqual(resultOf((await call('AuthVerify', [token])).body), ['read', 'write'])
    assert.match(errOf((await call('AuthVerify', ['junk'])).body)!.message, /JWT Verification failed/)
  })
})

describe('what real clients send', () => {
  it('accepts params omitted, null or [], any Content-Type, and answers v0 and v1 with their API versions', async () => {
    for (const params of ['', ',"params":null', ',"params":[]']) {
      const body = `{"jsonrpc":"2.0","id":7,"method":"Filecoin.Version"${params}}`
      const r = await rawPost(`${d.base}/rpc/v1`, body, { 'Content-Type': 'text/plain' })
      assert.equal(r.status, 200)
      assert.equal((resultOf(r.body) as { APIVersion: number }).APIVersion, 0x020300)
      assert.equal((r.body as { id: number }).id, 7)
    }
    const v0 = await rpc(d.base, 'Filecoin.Version', [], undefined, '/rpc/v0')
    assert.equal((resultOf(v0.body) as { APIVersion: number }).APIVersion, 0x010500)
  })

  it('reads a TipSetKey of null or [] as the head', async () => {
    for (const tsk of [null, []]) {
      const e = errOf((await call('StateGetActor', [addr, tsk])).body)
      assert.equal(e?.code, 1)
      assert.match(e!.message, /actor not found/)
    }
  })

  it('answers batches, one response per request', async () => {
    const body = JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'Filecoin.Version', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'Filecoin.Nope', params: [] },
    ])
    const r = await rawPost(`${d.base}/rpc/v1`, body)
    const out = r.body as { id: number; result?: unknown; error?: Err }[]
    assert.equal(out.length, 2)
    assert.ok(out[0]!.result)
    assert.equal(out[1]!.error!.code, -32601)
  })
})

describe('bad input never crashes the daemon', () => {
  const post = (body: string | Uint8Array) => rawPost(`${d.base}/rpc/v1`, body, { Authorization: `Bearer ${d.token}` })

  it('names malformed JSON, invalid requests, unknown methods and bad params', async () => {
    const cases: [string, number, number, RegExp][] = [
      ['{"jsonrpc":"2.0","id":1,', 500, -32700, /Parse error: invalid JSON/],
      ['', 400, -32600, /empty body/],
      ['42', 400, -32600, /expected a JSON object/],
      ['[]', 400, -32600, /empty batch/],
      ['{"jsonrpc":"2.0","id":1,"method":7}', 400, -32600, /method must be a non-empty string/],
      ['{"jsonrpc":"2.0","id":1,"method":"Filecoin.Nope"}', 500, -32601, /method 'Filecoin.Nope' not found/],
      ['{"jsonrpc":"2.0","id":1,"method":"Version"}', 500, -32601, /method 'Version' not found/],
      ['{"jsonrpc":"2.0","id":1,"method":"Filecoin.Version","params":[1]}', 500, -32602, /wrong param count/],
      ['{"jsonrpc":"2.0","id":1,"method":"Filecoin.Version","params":{"a":1}}', 500, -32602, /expected an array/],
      ['{"jsonrpc":"2.0","id":1,"method":"Filecoin.WalletBalance","params":[123]}', 500, -32602, /param 0 \(address\)/],
      [
        '{"jsonrpc":"2.0","id":1,"method":"Filecoin.WalletBalance","params":["t1zzz"]}',
        500,
        -32602,
        /param 0 \(address\)/,
      ],
      [
        '{"jsonrpc":"2.0","id":1,"method":"Filecoin.WalletNew","params":["rsa"]}',
        500,
        -32602,
        /unknown key type "rsa"/,
      ],
      ['{"jsonrpc":"2.0","id":1,"method":"Filecoin.Closing","params":[]}', 500, -32601, /not supported in this mode/],
    ]
    for (const [body, status, code, msg] of cases) {
      const r = await post(body)
      assert.equal(r.status, status, body)
      const e = errOf(r.body)
      assert.equal(e?.code, code, body)
      assert.match(e!.message, msg, body)
    }
  })

  it('refuses deeply nested JSON by name', async () => {
    const r = await post(`{"jsonrpc":"2.0","id":1,"method":"Filecoin.Version","params":${'['.repeat(100000)}`)
    assert.equal(errOf(r.body)?.code, -32700)
    assert.match(errOf(r.body)!.message, /nesting deeper than 64/)
  })

  it('refuses a body over 32 MiB with HTTP 413 naming the limit', async () => {
    const big = new Uint8Array(32 * 1024 * 1024 + 10).fill(0x20)
    const r = await post(big)
    assert.equal(r.status, 413)
    assert.match(errOf(r.body)!.message, /request bigger than maximum 33554432 allowed/)
  })

  it('survives a flood of 200 concurrent connections', async () => {
    const one = () =>
      new Promise<number>((resolve) => {
        const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Version', params: [] })
        const req = request(`${d.base}/rpc/v1`, { method: 'POST', agent: false }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
        req.on('error', () => resolve(-1))
        req.end(body)
      })
    const codes = await Promise.all(Array.from({ length: 200 }, one))
    assert.ok(codes.every((c) => c === 200 || c === -1))
    assert.ok(codes.filter((c) => c === 200).length > 0)
  })

  it('keeps a WebSocket usable after a malformed message, and refuses a bad token with 401', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${d.port}/rpc/v1`)
    await new Promise((r) => ws.once('open', r))
    const replies: unknown[] = []
    ws.on('message', (m) => replies.push(JSON.parse(m.toString())))
    ws.send('{nope')
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'Filecoin.Version', params: [] }))
    while (replies.length < 2) await new Promise((r) => setTimeout(r, 10))
    assert.equal(errOf(replies[0])?.code, -32700)
    assert.ok(resultOf(replies[1]))
    ws.close()
    const bad = new WebSocket(`ws://127.0.0.1:${d.port}/rpc/v1`, { headers: { Authorization: 'Bearer junk' } })
    const status = await new Promise<number>((resolve) => {
      bad.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      bad.on('error', () => {})
    })
    assert.equal(status, 401)
  })

  it('answers a request line with an unparsable URL and unknown paths with 404', async () => {
    const { connect } = await import('node:net')
    const reply = await new Promise<string>((resolve) => {
      const s = connect(d.port, '127.0.0.1', () => s.end('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'))
      let text = ''
      s.on('data', (c) => (text += c.toString()))
      s.on('close', () => resolve(text))
      s.on('error', () => resolve(text))
    })
    assert.match(reply, /^HTTP\/1\.1 (400|404)/)
    assert.equal((await rawPost(`${d.base}/rpc/v2`, '{}')).status, 404)
  })

  it('still answers Version after all of that', async () => {
    const r = await call('Version')
    assert.equal(r.status, 200)
    assert.equal((resultOf(r.body) as { Agent: string }).Agent, 'lotus-ts')
  })
})

describe('Shutdown', () => {
  it('closes open Closing channels, removes the api file, releases the lock and exits 0', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${d.port}/rpc/v1`)
    await new Promise((r) => ws.once('open', r))
    const msgs: { id?: number; result?: unknown; method?: string; params?: unknown[] }[] = []
    ws.on('message', (m) => msgs.push(JSON.parse(m.toString())))
    ws.on('error', () => {})
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Closing', params: [] }))
    while (msgs.length < 1) await new Promise((r) => setTimeout(r, 10))
    const chid = msgs[0]!.result
    assert.equal(typeof chid, 'number')
    const r = await call('Shutdown', [], d.token)
    assert.equal(r.status, 200)
    assert.equal(await d.exited, 0)
    assert.ok(
      msgs.some((m) => m.method === 'xrpc.ch.close' && m.params?.[0] === chid),
      JSON.stringify(msgs),
    )
    assert.equal(existsSync(join(d.repo, 'api')), false)
    assert.equal(existsSync(join(d.repo, 'repo.lock')), false)
    assert.equal(existsSync(join(d.repo, 'token')), true)
  })
})
