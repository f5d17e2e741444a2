/**
 * The local beacon's secret key in the daemon's keystore (mode 0600, like every key). The daemon that makes
 * a genesis creates it and puts its public key into the genesis; that daemon then produces the entries.
 */
import { blsPublicKey } from '../crypto/bls.ts'
import { sigSchemes } from '../crypto/sigs.ts'
import { SigType } from '../core/signature.ts'
import type { KeyStore } from '../wallet/keystore.ts'

/** The keystore name of the beacon key (not a wallet key: `wallet list` does not show it). */
export const BEACON_KEY_NAME = 'beacon'

/**
 * The public key for a new genesis: of the beacon key this repo holds (one left by a genesis that failed to
 * be made) or of a new one.
 */
export function beaconKeyForGenesis(keystore: KeyStore): Uint8Array {
  const held = beaconSecretKey(keystore)
  if (held) return blsPublicKey(held)
  const secret = sigSchemes[SigType.BLS].generatePrivateKey()
  keystore.put(BEACON_KEY_NAME, { type: 'bls', privateKey: secret })
  return blsPublicKey(secret)
}

/** The beacon secret key, when this node holds one. */
export function beaconSecretKey(keystore: KeyStore): Uint8Array | undefined {
  return keystore.has(BEACON_KEY_NAME) ? keystore.get(BEACON_KEY_NAME).privateKey : undefined
}
