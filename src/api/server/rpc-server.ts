/**
 * The JSON-RPC server: HTTP POST and WebSocket on `/rpc/v0` and `/rpc/v1` (node:http + ws@8), token auth,
 * body, depth, batch and connection limits. Any Content-Type is accepted. Extra routes (e.g. the miner's
 * `/remote`) can be mounted with `routes`.
 */
import { setMaxListeners } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import { stringifyJson } from '../../util/json.ts'
import { type Logger, logger } from '../../util/log.ts'
import { errorResponse } from '../envelope.ts'
import { RpcCode } from '../rpc-error.ts'
import { authenticate, type TokenVerifier } from './auth-check.ts'
import type { Dispatcher } from './dispatch.ts'
import { handleText } from './handle-text.ts'
import { DEFAULT_LIMITS, type RpcServerOptions } from './limits.ts'
import { serveWsConnection } from './ws-conn.ts'

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void

export interface RpcServerDeps {
  readonly dispatcher: Dispatcher
  readonly verify: TokenVerifier
  /** Extra HTTP handlers by path prefix. */
  readonly routes?: Readonly<Record<string, RouteHandler>>
  readonly log?: Logger
}

export interface RpcServer {
  /** Listens and resolves to the bound address (port 0 picks a free port). */
  listen(host: string, port: number): Promise<{ host: string; port: number }>
  /** Stops accepting, aborts every call and channel, closes every connection. */
  close(): Promise<void>
  readonly server: Server
}

const RPC_PATHS: Record<string, 'v0' | 'v1'> = { '/rpc/v0': 'v0', '/rpc/v1': 'v1' }

export function createRpcServer(deps: RpcServerDeps, opts: RpcServerOptions = {}): RpcServer {
  const limits = { ...DEFAULT_LIMITS, ...opts }
  const log = deps.log ?? logger('rpc')
  const closing = new AbortController()
  setMaxListeners(0, closing.signal) // one listener per open WebSocket
  /** In-flight HTTP calls, aborted when the server closes. */
  const active = new Set<AbortController>()
  const server = createServer({ maxHeaderSize: 64 * 1024 })
  server.maxConnections = limits.maxConnections
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes })
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  const urlOf = (req: IncomingMessage) => {
    try {
      return new URL(req.url ?? '/', 'http://localhost')
    } catch {
      return new URL('http://localhost/invalid-url') // answered 404, never a crash
    }
  }

  server.on('request', (req, res) => {
    const url = urlOf(req)
    const version = RPC_PATHS[url.pathname]
    if (!version) {
      const route = Object.entries(deps.routes ?? {}).find(([prefix]) => url.pathname.startsWith(prefix))
      if (route) return route[1](req, res, url)
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`404 page not found: ${url.pathname}\n`)
      return
    }
    void serveHttp(req, res, url, version)
  })

  async function serveHttp(req: IncomingMessage, res: ServerResponse, url: URL, version: 'v0' | 'v1') {
    const auth = await authenticate(req, url, deps.verify)
    if (!auth.ok) {
      log.warn('JWT verification failed', { remote: req.socket.remoteAddress, reason: auth.reason })
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end(`401 Unauthorized: ${auth.reason}\n`)
      req.resume()
      return
    }
    const body = await readBody(req, limits.maxBodyBytes)
    if (body === 'too-large') {
      const msg = `request bigger than maximum ${limits.maxBodyBytes} allowed`
      // Discard what the client is still sending (so it reads the 413), up to a bound, then cut it off.
      let drained = 0
      req.on('data', (c: Buffer) => {
        drained += c.length
        if (drained > 4 * limits.maxBodyBytes) req.destroy()
      })
      req.resume()
      writeJson(res, 413, errorResponse(null, RpcCode.ParseError, msg))
      return
    }
    if (body === 'aborted') return
    const call = new AbortController()
    active.add(call)
    // A client that goes away before its answer cancels the call (not one that simply got it).
    res.on('close', () => {
      if (!res.writableFinished) call.abort()
    })
    try {
      const ctx = { perms: auth.perms, version, signal: call.signal }
      const reply = await handleText(body, deps.dispatcher, ctx, limits)
      if (reply.body === undefined) res.writeHead(reply.status).end()
      else writeJson(res, reply.status, reply.body)
    } catch (err) {
      writeJson(res, 500, errorResponse(null, RpcCode.Internal, err instanceof Error ? err.message : String(err)))
    } finally {
      active.delete(call)
    }
  }

  let wsCount = 0
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = urlOf(req)
    const version = RPC_PATHS[url.pathname]
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}\n`)
    }
    if (!version) return refuse(404, 'Not Found')
    if (wsCount >= limits.maxConnections) return refuse(503, 'Service Unavailable: too many connections')
    void authenticate(req, url, deps.verify)
      .then((auth) => {
        if (!auth.ok) {
          log.warn('JWT verification failed', { remote: req.socket.remoteAddress, reason: auth.reason })
          return refuse(401, 'Unauthorized')
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          wsCount++
          ws.on('close', () => wsCount--)
          serveWsConnection(ws, deps.dispatcher, { perms: auth.perms, version, signal: closing.signal }, limits, log)
        })
      })
      .catch((err: unknown) => {
        log.warn('websocket upgrade failed', { error: err instanceof Error ? err.message : String(err) })
        socket.destroy()
      })
  })
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
  })

  return {
    server,
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const a = server.address() as AddressInfo
          resolve({ host: a.address, port: a.port })
        })
      })
    },
    async close() {
      closing.abort()
      for (const c of active) c.abort()
      // Let channels send their xrpc.ch.close, then close sockets politely, then forcibly.
      await new Promise((r) => setImmediate(r))
      const wsClosed = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve())
            ws.close(1001, 'server shutting down')
            setTimeout(() => {
              ws.terminate()
              resolve()
            }, 500).unref()
          }),
      )
      await Promise.all(wsClosed)
      wss.close()
      const done = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      for (const s of sockets) s.destroy()
      await done
    },
  }
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringifyJson(body)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text)
}

/** Reads the body as UTF-8, stopping as soon as it passes `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<string | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > max) return Promise.resolve('too-large')
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = (v: string | 'too-large' | 'aborted') => {
      if (settled) return
      settled = true
      resolve(v)
    }
    req.on('data', (c: Buffer) => {
      if (settled) return
      size += c.length
      if (size > max) {
        req.pause()
        finish('too-large')
        return
      }
      chunks.push(c)
    })
    req.on('end', () => finish(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => finish('aborted'))
    req.on('close', () => finish('aborted'))
  })
}
