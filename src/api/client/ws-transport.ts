/**
 * JSON-RPC over one WebSocket: many calls in flight, `xrpc.cancel` when a call's signal aborts, and
 * channels (`xrpc.ch.val` / `xrpc.ch.close`) delivered as async iterables.
 */
import WebSocket from 'ws'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import { parseJson, stringifyJson } from '../../util/json.ts'
import { RpcError } from '../rpc-error.ts'
import type { Transport } from './transport.ts'

export interface WsTransportOptions {
  /** e.g. `ws://127.0.0.1:1234/rpc/v1`. */
  readonly url: string
  readonly token?: string
}

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
  stream?: ChannelQueue
}

/** Values of one channel, buffered until the consumer reads them. */
class ChannelQueue {
  private values: unknown[] = []
  private waiting?: () => void
  closed = false
  push(v: unknown) {
    this.values.push(v)
    this.waiting?.()
  }
  end() {
    this.closed = true
    this.waiting?.()
  }
  async *iterate(): AsyncIterable<unknown> {
    for (;;) {
      if (this.values.length) yield this.values.shift()
      else if (this.closed) return
      else await new Promise<void>((r) => (this.waiting = r))
    }
  }
}

export async function wsTransport(opts: WsTransportOptions): Promise<Transport> {
  const headers: Record<string, string> = {}
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`
  const ws = new WebSocket(opts.url, { headers, maxPayload: 512 << 20 })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) =>
      reject(new LotusError(ErrorCode.Permission, `API refused the WebSocket (HTTP ${res.statusCode})`)),
    )
    ws.once('error', (err) =>
      reject(new LotusError(ErrorCode.Storage, `cannot reach the API at ${opts.url}: ${err.message}`, { cause: err })),
    )
  })
  let nextId = 1
  const pending = new Map<number, Pending>()
  const channels = new Map<number, ChannelQueue>()
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
    for (const c of channels.values()) c.end()
    channels.clear()
  }
  ws.on('message', (data) => {
    let msg: {
      id?: unknown
      method?: unknown
      params?: unknown
      result?: unknown
      error?: { code: unknown; message: unknown }
    }
    try {
      msg = parseJson(data.toString()) as typeof msg
    } catch {
      return
    }
    if (msg.method === 'xrpc.ch.val' || msg.method === 'xrpc.ch.close') {
      const p = Array.isArray(msg.params) ? msg.params : []
      const ch = channels.get(Number(p[0]))
      if (!ch) return
      if (msg.method === 'xrpc.ch.val') ch.push(p[1])
      else {
        ch.end()
        channels.delete(Number(p[0]))
      }
      return
    }
    const p = pending.get(Number(msg.id))
    if (!p) return
    pending.delete(Number(msg.id))
    if (msg.error) return p.reject(new RpcError(Number(msg.error.code), String(msg.error.message)))
    if (p.stream) {
      channels.set(Number(msg.result), p.stream)
      return p.resolve(p.stream.iterate())
    }
    p.resolve(msg.result)
  })
  ws.on('close', () => failAll(new LotusError(ErrorCode.Storage, 'API connection closed')))
  ws.on('error', () => {})

  const send = (method: string, params: unknown[], signal: AbortSignal | undefined, stream?: ChannelQueue) =>
    new Promise<unknown>((resolve, reject) => {
      if (ws.readyState !== WebSocket.OPEN) return reject(new LotusError(ErrorCode.Storage, 'API connection closed'))
      const id = nextId++
      pending.set(id, { resolve, reject, stream })
      ws.send(stringifyJson({ jsonrpc: '2.0', id, method, params }))
      signal?.addEventListener(
        'abort',
        () => {
          if (ws.readyState === WebSocket.OPEN)
            ws.send(stringifyJson({ jsonrpc: '2.0', method: 'xrpc.cancel', params: [id] }))
          stream?.end()
          if (pending.delete(id)) reject(signal.reason)
        },
        { once: true },
      )
    })

  return {
    call: (method, params, signal) => send(method, params, signal),
    subscribe: async (method, params, signal) =>
      (await send(method, params, signal, new ChannelQueue())) as AsyncIterable<unknown>,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve())
        ws.close()
      })
    },
  }
}
