/** Key formats `lotus wallet import` / `export` accept (lotus cli/wallet.go). */
import type { KeyInfo } from '../../api/codecs.ts'
import { fromBase64, fromHex, toBase64, toHex } from '../../util/bytes.ts'
import { CliError } from '../framework/errors.ts'

const SIG_TYPE_KEY: Record<number, string> = { 1: 'secp256k1', 2: 'bls', 3: 'delegated' }

function keyInfoJson(text: string, what: string): KeyInfo {
  let j: { Type?: unknown; PrivateKey?: unknown }
  try {
    j = JSON.parse(text) as typeof j
  } catch {
    throw new CliError(`${what}: not valid JSON KeyInfo`)
  }
  if (typeof j?.Type !== 'string' || typeof j.PrivateKey !== 'string')
    throw new CliError(`${what}: expected {"Type": "...", "PrivateKey": "<base64>"}`)
  return { type: j.Type, privateKey: fromBase64(j.PrivateKey) }
}

/** Reads a key in one of the import formats. */
export function readKey(input: string, format: string): KeyInfo {
  switch (format) {
    case 'hex-lotus': {
      const hex = input.trim()
      if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new CliError('hex-lotus key: input is not hex')
      return keyInfoJson(new TextDecoder().decode(fromHex(hex.toLowerCase())), 'hex-lotus key')
    }
    case 'json-lotus':
      return keyInfoJson(input, 'json-lotus key')
    case 'gfc-json': {
      let f: { KeyInfo?: { PrivateKey?: unknown; SigType?: unknown }[] }
      try {
        f = JSON.parse(input) as typeof f
      } catch (err) {
        throw new CliError(`failed to parse go-filecoin key: ${(err as Error).message}`)
      }
      const gk = f.KeyInfo?.[0]
      if (!gk || typeof gk.PrivateKey !== 'string') throw new CliError('failed to parse go-filecoin key: no KeyInfo')
      const type = SIG_TYPE_KEY[Number(gk.SigType)]
      if (!type) throw new CliError(`unrecognized key type: ${String(gk.SigType)}`)
      return { type, privateKey: fromBase64(gk.PrivateKey) }
    }
    default:
      throw new CliError(`unrecognized format: ${format}`)
  }
}

/** Writes a key in one of the export formats. */
export function writeKey(ki: KeyInfo, format: string): string {
  const json = JSON.stringify({ Type: ki.type, PrivateKey: toBase64(ki.privateKey) })
  switch (format) {
    case 'hex-lotus':
      return toHex(new TextEncoder().encode(json))
    case 'json-lotus':
      return json
    case 'hex-eth':
      if (ki.type !== 'secp256k1' && ki.type !== 'delegated')
        throw new CliError(`hex-eth format requires a secp256k1 or delegated key, got: ${ki.type}`)
      return `0x${toHex(ki.privateKey)}`
    default:
      throw new CliError(`unrecognized format: ${format}`)
  }
}

/** FRC-0102 envelope `"\x19Filecoin Signed Message:\n" + len ‖ msg`, which `wallet sign` applies unless --raw. */
export function frc0102(msg: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`\x19Filecoin Signed Message:\n${msg.length}`)
  const out = new Uint8Array(prefix.length + msg.length)
  out.set(prefix)
  out.set(msg, prefix.length)
  return out
}
