/**
 * The node's libp2p identity: an Ed25519 key kept in the keystore as `libp2p-host` (KeyInfo type
 * `libp2p-host`, PrivateKey = libp2p's protobuf PrivateKey), and the peer ID derived from it
 * (base58btc of the identity multihash of the protobuf PublicKey, `12D3KooW…`).
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { base58btc } from 'multiformats/bases/base58'
import { concatBytes } from '../util/bytes.ts'
import { DecodeError } from '../util/errors.ts'
import type { KeyStore } from '../wallet/keystore.ts'

export const HOST_KEY_NAME = 'libp2p-host'
export const HOST_KEY_TYPE = 'libp2p-host'

/** protobuf `{Type: Ed25519 (1), Data: bytes}` for libp2p's PublicKey / PrivateKey messages. */
const pbKey = (data: Uint8Array) => concatBytes(new Uint8Array([0x08, 0x01, 0x12, data.length]), data)

const b64url = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'))

/** A new Ed25519 key as libp2p's protobuf PrivateKey (Data = 32-byte seed ‖ 32-byte public key). */
function newHostKey(): Uint8Array {
  const { privateKey } = generateKeyPairSync('ed25519')
  const jwk = privateKey.export({ format: 'jwk' }) as { d: string; x: string }
  return pbKey(concatBytes(b64url(jwk.d), b64url(jwk.x)))
}

/** The peer ID of a protobuf Ed25519 PrivateKey. */
export function peerIdOf(pbPrivateKey: Uint8Array): string {
  if (pbPrivateKey.length !== 68 || pbPrivateKey[0] !== 0x08 || pbPrivateKey[1] !== 0x01)
    throw new DecodeError('libp2p-host key: expected a protobuf Ed25519 private key (68 bytes)')
  const pub = pbPrivateKey.subarray(36, 68)
  // Check the stored public half matches the seed, so a corrupted key never yields a wrong identity.
  const jwk = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: Buffer.from(pbPrivateKey.subarray(4, 36)).toString('base64url'), x: '' },
    format: 'jwk',
  }).export({ format: 'jwk' }) as { x: string }
  if (Buffer.from(pub).toString('base64url') !== jwk.x)
    throw new DecodeError('libp2p-host key: public half does not match')
  const pubPb = pbKey(pub)
  const multihash = concatBytes(new Uint8Array([0x00, pubPb.length]), pubPb)
  return base58btc.baseEncode(multihash)
}

/** Loads the host key, creating it on first start, and returns its peer ID. */
export function loadHostPeerId(keystore: KeyStore): string {
  if (!keystore.has(HOST_KEY_NAME)) keystore.put(HOST_KEY_NAME, { type: HOST_KEY_TYPE, privateKey: newHostKey() })
  return peerIdOf(keystore.get(HOST_KEY_NAME).privateKey)
}
