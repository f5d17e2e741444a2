/** JSON-RPC over HTTP POST with a keep-alive agent. Channels need WebSocket. */
import { Agent, request } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import { parseJson, stringifyJson } from '../../util/json.ts'
import { RpcCode, RpcError } from '../rpc-error.ts'
import type { Transport } from './transport.ts'

export interface HttpTransportOptions {
  /** e.g. `http://127.0.0.1:1234/rpc/v1`. */
  readonly url: string
  readonly token?: string
  /** Most sockets kept open to the server. Default 16. */
  readonly maxSockets?: number
}

export function httpTransport(opts: HttpTransportOptions): Transport {
  const url = new URL(opts.url)
  const https = url.protocol === 'https:'
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16 })
    : new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16 })
  let nextId = 1
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`

  /**
   * One POST. A kept-alive socket that the server closes as the request is written fails with ECONNRESET before
   * the server reads anything; that request is sent again on a new socket (as Node's http docs advise).
   */
  const post = (body: string, signal?: AbortSignal, retried = false) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const send = https ? httpsRequest : request
      const req = send(url, { method: 'POST', agent, headers, signal }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      })
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (req.reusedSocket && err.code === 'ECONNRESET' && !retried && !signal?.aborted)
          return resolve(post(body, signal, true))
        reject(new LotusError(ErrorCode.Storage, `cannot reach the API at ${opts.url}: ${err.message}`, { cause: err }))
      })
      req.end(body)
    })

  return {
    async call(method, params, signal) {
      const id = nextId++
      const { status, text } = await post(stringifyJson({ jsonrpc: '2.0', id, method, params }), signal)
      if (status === 401) throw new LotusError(ErrorCode.Permission, `API refused the token (HTTP 401): ${text.trim()}`)
      let json: unknown
      try {
        json = parseJson(text)
      } catch {
        throw new RpcError(RpcCode.ParseError, `HTTP ${status} from ${opts.url}: ${text.slice(0, 200)}`)
      }
      const r = json as { result?: unknown; error?: { code?: unknown; message?: unknown } }
      if (r.error) throw new RpcError(Number(r.error.code), String(r.error.message))
      return r.result
    },
    async subscribe(method) {
      throw new RpcError(RpcCode.MethodNotFound, `method '${method}' needs a WebSocket connection (channel)`)
    },
    async close() {
      agent.destroy()
    },
  }
}
