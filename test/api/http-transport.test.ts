/**
 * The HTTP transport against a bare server that closes a kept-alive socket as the next request arrives (the
 * race of a server's keep-alive timeout): that request is sent once more on a new socket. An error on a new
 * socket is never retried, and it names the API's address.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { httpTransport } from '../../src/api/client/http-transport.ts'

let server: Server
let port: number
/** Requests seen per socket, and in all: the server drops a socket at its second request. */
const perSocket = new WeakMap<object, number>()
let seen = 0

before(async () => {
  server = createServer((req, res) => {
    seen++
    const n = (perSocket.get(req.socket) ?? 0) + 1
    perSocket.set(req.socket, n)
    if (n === 2) return req.socket.destroy()
    req.resume()
    req.on('end', () => res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: n })))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})

after(() => server.close())

describe('http transport', () => {
  it('sends a request again when a kept-alive socket is reset under it', async () => {
    const t = httpTransport({ url: `http://127.0.0.1:${port}/rpc/v1`, maxSockets: 1 })
    seen = 0
    assert.equal(await t.call('A', []), 1)
    assert.equal(await t.call('B', []), 1, 'answered on a new socket')
    assert.equal(seen, 3, 'the first try, reset, and the retry')
    await t.close()
  })

  it('does not retry twice, and names the API when it gives up', async () => {
    const t = httpTransport({ url: `http://127.0.0.1:${port}/rpc/v1`, maxSockets: 1 })
    await t.call('A', [])
    // from now on every request is dropped: the reused socket's and the retry's on a new one
    server.removeAllListeners('request')
    server.on('request', (req) => req.socket.destroy())
    await assert.rejects(t.call('B', []), /cannot reach the API at http:\/\/127\.0\.0\.1:\d+\/rpc\/v1: socket hang up/)
    await t.close()
  })

  it('does not retry on a new socket: a refused connection fails at once', async () => {
    const t = httpTransport({ url: 'http://127.0.0.1:1/rpc/v1' })
    await assert.rejects(t.call('A', []), /cannot reach the API at http:\/\/127\.0\.0\.1:1\/rpc\/v1: .*ECONNREFUSED/)
    await t.close()
  })
})
