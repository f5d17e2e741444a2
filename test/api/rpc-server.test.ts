/**
 * The RPC machinery in process, with a test-only table: typed client over HTTP and WebSocket, channel
 * notifications (xrpc.ch.val / xrpc.ch.close), cancellation by xrpc.cancel and by disconnect, limits.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import WebSocket from 'ws'
import { signToken, verifyToken } from '../../src/api/auth.ts'
import { createClient } from '../../src/api/client/client.ts'
import { httpTransport } from '../../src/api/client/http-transport.ts'
import { wsTransport } from '../../src/api/client/ws-transport.ts'
import { Void } from '../../src/api/codecs.ts'
import { method, param, streamMethod, tableOf } from '../../src/api/method.ts'
import { RpcError } from '../../src/api/rpc-error.ts'
import { createDispatcher } from '../../src/api/server/dispatch.ts'
import { createRpcServer, type RpcServer } from '../../src/api/server/rpc-server.ts'
import { I64, Str, U64 } from '../../src/core/codec.ts'

const TestMethods = tableOf({
  Echo: method({ perm: 'read', params: [param('text', Str)], result: Str }),
  Add: method({ perm: 'write', params: [param('a', I64), param('b', I64)], result: I64 }),
  Count: streamMethod({ perm: 'read', params: [param('n', U64)], result: U64 }),
  Forever: streamMethod({ perm: 'read', params: [], result: U64 }),
  Hang: method({ perm: 'read', params: [], result: Void }),
})

const secret = new Uint8Array(32).fill(9)
let server: RpcServer
let port: number
let foreverStopped = 0
let hangAborted = 0

before(async () => {
  server = createRpcServer(
    {
      dispatcher: createDispatcher(TestMethods, {
        Echo: (_c, text) => text,
        Add: (_c, a, b) => a + b,
        Count: async function* (_c, n) {
          for (let i = 0n; i < n; i++) yield i
        },
        Forever: async function* (ctx) {
          try {
            for (let i = 0n; ; i++) {
              yield i
              await new Promise((r) => setTimeout(r, 5))
              if (ctx.signal.aborted) return
            }
          } finally {
            foreverStopped++
          }
        },
        Hang: (ctx) =>
          new Promise<undefined>((resolve) =>
            ctx.signal.addEventListener('abort', () => {
              hangAborted++
              resolve(undefined)
            }),
          ),
      }),
      verify: (t) => verifyToken(secret, t),
    },
    { maxBodyBytes: 1024, maxJsonDepth: 8 },
  )
  port = (await server.listen('127.0.0.1', 0)).port
})
after(() => server.close())

const until = async (f: () => boolean) => {
  for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 10))
  assert.ok(f())
}

describe('typed client', () => {
  it('calls through HTTP and WebSocket with codecs on both ends', async () => {
    const token = await signToken(secret, ['read', 'write'])
    const http = httpTransport({ url: `http://127.0.0.1:${port}/rpc/v1`, token })
    const ws = await wsTransport({ url: `ws://127.0.0.1:${port}/rpc/v0`, token })
    for (const t of [http, ws]) {
      const c = createClient(TestMethods, t)
      assert.equal(await c.Echo('hi'), 'hi')
      assert.equal(await c.Add(2n ** 60n, 5n), 2n ** 60n + 5n)
    }
    await Promise.all([http.close(), ws.close()])
  })

  it('throws RpcError with the server code: 1 for a missing permission, -32601 for channels over HTTP', async () => {
    const c = createClient(TestMethods, httpTransport({ url: `http://127.0.0.1:${port}/rpc/v1` }))
    await assert.rejects(c.Add(1n, 2n), (e: unknown) => {
      assert.ok(e instanceof RpcError)
      assert.equal(e.rpcCode, 1)
      assert.equal(e.message, "missing permission to invoke 'Add' (need 'write')")
      return true
    })
    await assert.rejects(c.Count(3n), /needs a WebSocket/)
  })
})

describe('channels', () => {
  it('streams values as xrpc.ch.val and ends with xrpc.ch.close', async () => {
    const t = await wsTransport({ url: `ws://127.0.0.1:${port}/rpc/v1` })
    const c = createClient(TestMethods, t)
    const got: bigint[] = []
    for await (const v of await c.Count(5n)) got.push(v)
    assert.deepEqual(got, [0n, 1n, 2n, 3n, 4n])
    await t.close()
  })

  it('sends the raw protocol: result is the channel id, then val and close notifications', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc/v1`)
    await new Promise((r) => ws.once('open', r))
    const msgs: { id?: number; result?: unknown; method?: string; params?: unknown[] }[] = []
    ws.on('message', (m) => msgs.push(JSON.parse(m.toString())))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 42, method: 'Filecoin.Count', params: [2] }))
    await until(() => msgs.some((m) => m.method === 'xrpc.ch.close'))
    const chid = msgs[0]!.result
    assert.equal(msgs[0]!.id, 42)
    assert.deepEqual(msgs.slice(1), [
      { jsonrpc: '2.0', method: 'xrpc.ch.val', params: [chid, 0] },
      { jsonrpc: '2.0', method: 'xrpc.ch.val', params: [chid, 1] },
      { jsonrpc: '2.0', method: 'xrpc.ch.close', params: [chid] },
    ])
    ws.close()
  })

  it('stops a channel on xrpc.cancel of its call, and every channel and call on disconnect', async () => {
    const before = foreverStopped
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc/v1`)
    await new Promise((r) => ws.once('open', r))
    const msgs: { method?: string; params?: unknown[] }[] = []
    ws.on('message', (m) => msgs.push(JSON.parse(m.toString())))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Forever', params: [] }))
    await until(() => msgs.filter((m) => m.method === 'xrpc.ch.val').length >= 3)
    ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'xrpc.cancel', params: [1] }))
    await until(() => msgs.some((m) => m.method === 'xrpc.ch.close'))
    await until(() => foreverStopped === before + 1)

    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'Filecoin.Forever', params: [] }))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'Filecoin.Hang', params: [] }))
    await until(() => msgs.filter((m) => m.method === 'xrpc.ch.val' && m.params?.[0] === 2).length >= 2)
    const hung = hangAborted
    ws.terminate()
    await until(() => foreverStopped === before + 2 && hangAborted === hung + 1)
  })
})

describe('limits', () => {
  it('closes a WebSocket sending a message over the body limit with 1009', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc/v1`)
    await new Promise((r) => ws.once('open', r))
    const code = new Promise<number>((r) => ws.once('close', (c) => r(c)))
    ws.on('error', () => {})
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Echo', params: ['x'.repeat(2000)] }))
    assert.equal(await code, 1009)
  })

  it('answers batches over WebSocket and applies the configured depth limit', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc/v1`)
    await new Promise((r) => ws.once('open', r))
    const msgs: unknown[] = []
    ws.on('message', (m) => msgs.push(JSON.parse(m.toString())))
    ws.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'Filecoin.Echo', params: ['a'] },
        { jsonrpc: '2.0', method: 'Filecoin.Echo', params: ['notification'] },
      ]),
    )
    ws.send(`{"jsonrpc":"2.0","id":2,"method":"Filecoin.Echo","params":[[[[[[[[[["deep"]]]]]]]]]]}`)
    await until(() => msgs.length === 2)
    // Messages run concurrently: find each reply by its shape.
    assert.deepEqual(
      msgs.find((m) => Array.isArray(m)),
      [{ jsonrpc: '2.0', id: 1, result: 'a' }],
    )
    const err = msgs.find((m) => !Array.isArray(m)) as { error: { message: string } }
    assert.match(err.error.message, /nesting deeper than 8/)
    ws.close()
  })
})
