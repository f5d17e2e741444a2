/**
 * Multiaddr bytes as text (`/ip4/10.0.0.1/tcp/24001`), for the listen addresses a miner records on chain
 * (Lotus prints them with multiaddr.NewMultiaddrBytes). Covers the protocols a miner announces; any other
 * code is an error naming it, as Lotus's "undecodable listen address".
 */
import { base58btc } from 'multiformats/bases/base58'
import { InvalidError } from '../../util/errors.ts'
import { decodeUvarint } from '../../util/varint.ts'

/** Value size in bytes; 'var' for a length-prefixed value. */
type Size = number | 'var'
type Render = (v: Uint8Array) => string

/** RFC 5952: hex groups, the longest run of two or more zero groups written `::`. */
const ip6: Render = (v) => {
  const g: string[] = []
  for (let i = 0; i < 16; i += 2) g.push(((v[i]! << 8) | v[i + 1]!).toString(16))
  let best = [-1, 0]
  for (let i = 0; i < 8; i++) {
    let j = i
    while (j < 8 && g[j] === '0') j++
    if (j - i > best[1]! && j - i >= 2) best = [i, j - i]
  }
  const [start, n] = best as [number, number]
  return start < 0 ? g.join(':') : `${g.slice(0, start).join(':')}::${g.slice(start + n).join(':')}`
}
const port: Render = (v) => String((v[0]! << 8) | v[1]!)
const text: Render = (v) => new TextDecoder().decode(v)

const PROTOCOLS: Record<number, readonly [string, Size, Render?]> = {
  4: ['ip4', 4, (v) => v.join('.')],
  6: ['tcp', 2, port],
  273: ['udp', 2, port],
  41: ['ip6', 16, ip6],
  53: ['dns', 'var', text],
  54: ['dns4', 'var', text],
  55: ['dns6', 'var', text],
  56: ['dnsaddr', 'var', text],
  421: ['p2p', 'var', (v) => base58btc.baseEncode(v)],
  460: ['quic', 0],
  461: ['quic-v1', 0],
  448: ['tls', 0],
  477: ['ws', 0],
  478: ['wss', 0],
  480: ['http', 0],
  443: ['https', 0],
}

/** The text form of multiaddr bytes; InvalidError when a code is unknown or the bytes end early. */
export function multiaddrString(bytes: Uint8Array): string {
  let at = 0
  let out = ''
  while (at < bytes.length) {
    const [code, codeLen] = decodeUvarint(bytes, at)
    at += codeLen
    const proto = PROTOCOLS[Number(code)]
    if (!proto) throw new InvalidError(`undecodable listen address: unknown multiaddr protocol code ${code}`)
    const [name, size, render] = proto
    let len = typeof size === 'number' ? size : 0
    if (size === 'var') {
      const [n, nLen] = decodeUvarint(bytes, at)
      at += nLen
      len = Number(n)
    }
    if (at + len > bytes.length) throw new InvalidError(`undecodable listen address: ${name} value is cut short`)
    out += `/${name}`
    if (render) out += `/${render(bytes.subarray(at, at + len))}`
    at += len
  }
  return out
}
