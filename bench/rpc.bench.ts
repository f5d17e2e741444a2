/**
 * JSON-RPC throughput of the daemon's API: Filecoin.Version and Filecoin.WalletList (3 keys) with an
 * admin token, over HTTP keep-alive and over one WebSocket, 16 requests in flight. The daemon runs in
 * this process (initDaemon on a temp repo, port 0); each row's anchor is a bare server in the same
 * process answering the same JSON bytes (node:http for HTTP, ws for WebSocket), driven by the same client.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket, { WebSocketServer } from 'ws'
import { initDaemon } from '../src/daemon/node.ts'
import { setLogLevel } from '../src/util/log.ts'
import type { BenchRow } from './harness.ts'

const IN_FLIGHT = 16
const MS = 1000

/** Best of two alternating runs of ours and the anchor (the machine may be shared; warm-up and JIT settle). */
async function pair(ours: () => Promise<void>, anchor: () => Promise<void>): Promise<[number, number]> {
  let a = 0
  let b = 0
  for (let i = 0; i < 2; i++) {
    a = Math.max(a, await drive(ours))
    b = Math.max(b, await drive(anchor))
  }
  return [a, b]
}

/** Runs `IN_FLIGHT` loops of `send` for `MS` and returns completed requests per second. */
async function drive(send: () => Promise<void>): Promise<number> {
  const warm = Date.now() + 300
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (Date.now() < warm) await send()
    }),
  )
  let done = 0
  const start = performance.now()
  const end = start + MS
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < end) {
        await send()
        done++
      }
    }),
  )
  return (done * 1000) / (performance.now() - start)
}

function httpSender(url: string, body: string, token?: string): () => Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT })
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
  }
  if (token) headers.Authorization = `Bearer ${token}`
  return () =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`))
        res.resume()
        res.on('end', () => resolve())
      })
      req.on('error', reject)
      req.end(body)
    })
}

async function wsSender(url: string, method: string, token?: string) {
  const ws = new WebSocket(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  await new Promise((r, j) => {
    ws.once('open', r)
    ws.once('error', j)
  })
  const pending = new Map<number, () => void>()
  ws.on('message', (m) => {
    const id = (JSON.parse(m.toString()) as { id: number }).id
    pending.get(id)?.()
    pending.delete(id)
  })
  let next = 1
  const send = () =>
    new Promise<void>((resolve) => {
      const id = next++
      pending.set(id, resolve)
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: [] }))
    })
  return { send, close: () => ws.close() }
}

export async function rows(): Promise<BenchRow[]> {
  const repo = mkdtempSync(join(tmpdir(), 'lotus-ts-bench-'))
  setLogLevel('error')
  const node = await initDaemon({
    repoPath: repo,
    env: { LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http' },
  })
  for (const t of ['secp256k1', 'bls', 'secp256k1']) node.wallet.newKey(t)
  const port = Number(/tcp\/(\d+)/.exec(node.apiAddr)![1])
  const token = readFileSync(join(repo, 'token'), 'utf8')

  // The exact bytes our server answers, for the bare servers to send back.
  const answers: Record<string, string> = {}
  for (const m of ['Filecoin.Version', 'Filecoin.WalletList']) {
    const res = await fetch(`http://127.0.0.1:${port}/rpc/v1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: m, params: [] }),
    })
    answers[m] = JSON.stringify(((await res.json()) as { result: unknown }).result)
  }

  const bare = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const { id, method } = JSON.parse(Buffer.concat(chunks).toString()) as { id: number; method: string }
      const text = `{"jsonrpc":"2.0","id":${id},"result":${answers[method]}}`
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text)
    })
  })
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
  const barePort = (bare.address() as AddressInfo).port
  const bareWs = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  bareWs.on('connection', (ws) =>
    ws.on('message', (m) => {
      const { id, method } = JSON.parse(m.toString()) as { id: number; method: string }
      ws.send(`{"jsonrpc":"2.0","id":${id},"result":${answers[method]}}`)
    }),
  )
  await new Promise((r) => bareWs.once('listening', r))
  const bareWsPort = (bareWs.address() as AddressInfo).port

  const out: BenchRow[] = []
  for (const m of ['Filecoin.Version', 'Filecoin.WalletList']) {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: m, params: [] })
    const [ours, anchor] = await pair(
      httpSender(`http://127.0.0.1:${port}/rpc/v1`, body, token),
      httpSender(`http://127.0.0.1:${barePort}/rpc/v1`, body),
    )
    out.push({
      name: `RPC ${m} over HTTP keep-alive (token, ${IN_FLIGHT} in flight, best of 2)`,
      value: ours,
      unit: 'req/s',
      anchor: { name: 'bare node:http, same JSON', value: anchor },
    })
  }
  for (const m of ['Filecoin.Version', 'Filecoin.WalletList']) {
    const a = await wsSender(`ws://127.0.0.1:${port}/rpc/v1`, m, token)
    const b = await wsSender(`ws://127.0.0.1:${bareWsPort}/rpc/v1`, m)
    const [ours, anchor] = await pair(a.send, b.send)
    a.close()
    b.close()
    out.push({
      name: `RPC ${m} over WebSocket (token, ${IN_FLIGHT} in flight, best of 2)`,
      value: ours,
      unit: 'req/s',
      anchor: { name: 'bare ws server, same JSON', value: anchor },
    })
  }
  await node.close()
  bare.close()
  bareWs.close()
  rmSync(repo, { recursive: true, force: true })
  return out
}
