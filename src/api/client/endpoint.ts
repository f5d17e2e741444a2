/**
 * Finding an API endpoint: Lotus API info strings (`TOKEN:MULTIADDR`, as in `FULLNODE_API_INFO`) and the
 * multiaddrs in repo `api` files (`/ip4/127.0.0.1/tcp/1234/http`) turned into dialable URLs.
 */
import { InvalidError } from '../../util/errors.ts'

export interface ApiInfo {
  /** Empty when the info has no token. */
  readonly token: string
  /** A multiaddr (`/ip4/…/tcp/…/http`) or a URL (`ws://host:port`). */
  readonly addr: string
}

/** Parses `TOKEN:MULTIADDR` (or a bare multiaddr / URL without a token), as Lotus's ParseApiInfo. */
export function parseApiInfo(text: string): ApiInfo {
  const s = text.trim()
  if (s.startsWith('/') || /^[a-z]+:\/\//.test(s)) return { token: '', addr: s }
  const i = s.indexOf(':')
  if (i < 0) throw new InvalidError(`API info ${JSON.stringify(s)}: expected TOKEN:MULTIADDR`)
  return { token: s.slice(0, i), addr: s.slice(i + 1) }
}

/** The base `host:port` and scheme security of a multiaddr or URL. */
function hostPort(addr: string): { host: string; port: number; secure: boolean } {
  if (/^[a-z]+:\/\//.test(addr)) {
    const u = new URL(addr)
    const secure = u.protocol === 'https:' || u.protocol === 'wss:'
    return { host: u.hostname, port: Number(u.port || (secure ? 443 : 80)), secure }
  }
  const parts = addr.split('/').filter((p) => p !== '')
  let host: string | undefined
  let port: number | undefined
  let secure = false
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!
    const v = parts[i + 1]
    if ((p === 'ip4' || p === 'dns' || p === 'dns4' || p === 'dns6') && v !== undefined) host = v
    else if (p === 'ip6' && v !== undefined) host = `[${v}]`
    else if (p === 'tcp' && v !== undefined) port = Number(v)
    else if (p === 'https' || p === 'wss' || p === 'tls') secure = true
  }
  if (host === undefined || port === undefined || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidError(
      `API address ${JSON.stringify(addr)}: expected a multiaddr like /ip4/127.0.0.1/tcp/1234/http`,
    )
  return { host, port, secure }
}

/** The RPC URL for a multiaddr or URL: `http://host:port/rpc/v1` or `ws://…`. */
export function rpcUrl(addr: string, scheme: 'http' | 'ws', version: 'v0' | 'v1' = 'v1'): string {
  if (/^[a-z]+:\/\//.test(addr) && new URL(addr).pathname.startsWith('/rpc/')) {
    const u = new URL(addr)
    const secure = u.protocol === 'https:' || u.protocol === 'wss:'
    u.protocol = scheme === 'http' ? (secure ? 'https:' : 'http:') : secure ? 'wss:' : 'ws:'
    return u.toString()
  }
  const { host, port, secure } = hostPort(addr)
  const proto = scheme === 'http' ? (secure ? 'https' : 'http') : secure ? 'wss' : 'ws'
  return `${proto}://${host}:${port}/rpc/${version}`
}

/** The multiaddr Lotus writes into a repo's `api` file for a bound address. */
export function listenMultiaddr(host: string, port: number): string {
  return host.includes(':') ? `/ip6/${host}/tcp/${port}/http` : `/ip4/${host}/tcp/${port}/http`
}
