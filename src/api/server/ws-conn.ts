/**
 * One WebSocket connection: requests run concurrently; `xrpc.cancel [id]` aborts a call; stream methods
 * answer with a channel id and send `xrpc.ch.val [id, value]` notifications, then `xrpc.ch.close [id]`.
 * Closing the socket aborts every call and channel of the connection.
 */
import { setMaxListeners } from 'node:events'
import type { WebSocket } from 'ws'
import { stringifyJson } from '../../util/json.ts'
import type { Logger } from '../../util/log.ts'
import { RpcCode } from '../rpc-error.ts'
import type { ChannelSink, Dispatcher } from './dispatch.ts'
import { handleText, type TextLimits } from './handle-text.ts'

export const WS_CANCEL = 'xrpc.cancel'
export const CH_VALUE = 'xrpc.ch.val'
export const CH_CLOSE = 'xrpc.ch.close'

/** Pause a channel while this much is queued on the socket. */
const HIGH_WATER = 8 << 20

export interface WsConnOptions extends TextLimits {
  maxChannelsPerConnection: number
}

export function serveWsConnection(
  ws: WebSocket,
  dispatcher: Dispatcher,
  base: { perms: readonly string[]; version: 'v0' | 'v1'; signal: AbortSignal },
  opts: WsConnOptions,
  log: Logger,
): void {
  const conn = new AbortController()
  setMaxListeners(0, conn.signal) // one listener per call in flight on this connection
  const onServerAbort = () => conn.abort()
  base.signal.addEventListener('abort', onServerAbort, { once: true })
  const calls = new Map<string, AbortController>()
  const channels = new Map<number, AbortController>()
  let nextChannel = 1

  const send = (msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(stringifyJson(msg))
  }

  const streaming = new WeakSet<AbortController>()
  const sinkFor = (call: AbortController, key: string | undefined): ChannelSink => ({
    open(values) {
      if (channels.size >= opts.maxChannelsPerConnection)
        throw new Error(`too many open channels on this connection (limit ${opts.maxChannelsPerConnection})`)
      const id = nextChannel++
      channels.set(id, call)
      streaming.add(call)
      const start = () =>
        void pump(id, values, call.signal).finally(() => {
          if (key !== undefined && calls.get(key) === call) calls.delete(key)
        })
      return { id, start }
    },
  })

  async function pump(id: number, values: AsyncIterable<unknown>, signal: AbortSignal): Promise<void> {
    const it = values[Symbol.asyncIterator]()
    const aborted = new Promise<'aborted'>((resolve) => {
      if (signal.aborted) resolve('aborted')
      else signal.addEventListener('abort', () => resolve('aborted'), { once: true })
    })
    try {
      for (;;) {
        const next = await Promise.race([it.next(), aborted])
        if (next === 'aborted') {
          void it.return?.()?.catch(() => {})
          break
        }
        if (next.done) break
        send({ jsonrpc: '2.0', method: CH_VALUE, params: [id, next.value] })
        while (ws.bufferedAmount > HIGH_WATER && !signal.aborted) await new Promise((r) => setTimeout(r, 10))
      }
    } catch (err) {
      log.warn('channel failed', { channel: id, error: err instanceof Error ? err.message : String(err) })
    } finally {
      channels.delete(id)
      send({ jsonrpc: '2.0', method: CH_CLOSE, params: [id] })
    }
  }

  const control = (json: { method?: unknown; params?: unknown }): boolean => {
    const p = Array.isArray(json.params) ? json.params : []
    if (json.method === WS_CANCEL) {
      calls.get(String(p[0]))?.abort()
      return true
    }
    if (json.method === CH_CLOSE) {
      const id = typeof p[0] === 'number' ? p[0] : Number(p[0])
      channels.get(id)?.abort()
      return true
    }
    return false
  }

  ws.on('message', (data, isBinary) => {
    const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()
    // Control notifications are tiny; peek without the full dispatch path.
    if (text.length < 256 && text.includes('xrpc.')) {
      try {
        const j = JSON.parse(text) as { method?: unknown; params?: unknown }
        if (j && typeof j === 'object' && control(j)) return
      } catch {
        // not a control message: falls through to the normal path, which reports the parse error
      }
    }
    const call = new AbortController()
    const onConnAbort = () => call.abort()
    conn.signal.addEventListener('abort', onConnAbort, { once: true })
    const key = requestKey(text)
    if (key !== undefined) calls.set(key, call)
    const ctx = { perms: base.perms, version: base.version, signal: call.signal }
    handleText(text, dispatcher, ctx, opts, sinkFor(call, key))
      .then((reply) => {
        if (reply.body !== undefined) send(reply.body)
        for (const f of reply.afterSend) f()
      })
      .catch((err: unknown) => {
        send({ jsonrpc: '2.0', id: null, error: { code: RpcCode.Internal, message: String(err) } })
      })
      .finally(() => {
        if (key !== undefined && calls.get(key) === call && !streaming.has(call)) calls.delete(key)
        // A streaming call keeps listening: its channel must end when the connection does.
        if (!streaming.has(call)) conn.signal.removeEventListener('abort', onConnAbort)
      })
  })
  ws.on('close', () => {
    conn.abort()
    base.signal.removeEventListener('abort', onServerAbort)
  })
  ws.on('error', (err) => log.debug('websocket error', { error: err.message }))
}

/** The id of a single request, for `xrpc.cancel` (cheap: only small prefix scanned). */
function requestKey(text: string): string | undefined {
  const m = /"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)/.exec(text.slice(0, 512))
  if (!m) return undefined
  return m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!
}
