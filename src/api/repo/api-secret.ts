/**
 * What every API-serving process does at start: read the JWT secret from its keystore (creating it, and the
 * all-permission `token` file, on first start, as Lotus does) and parse `[API] ListenAddress`.
 */
import { randomBytes } from 'node:crypto'
import { InvalidError } from '../../util/errors.ts'
import { JWT_SECRET_KEY_NAME, JWT_SECRET_KEY_TYPE, signToken } from '../auth.ts'
import { ALL_PERMISSIONS } from '../method.ts'

/** The part of a keystore (wallet/keystore.ts) the API secret needs. */
export interface SecretStore {
  has(name: string): boolean
  get(name: string): { privateKey: Uint8Array }
  put(name: string, info: { type: string; privateKey: Uint8Array }): void
}

/** The part of a repo the API token file needs. */
export interface TokenFile {
  hasApiToken(): boolean
  setApiToken(token: string): void
}

/** Reads the API secret; on first start creates it (calling `onCreate`) and writes the admin token file. */
export async function apiSecret(store: SecretStore, repo: TokenFile, onCreate?: () => void): Promise<Uint8Array> {
  let created = false
  if (!store.has(JWT_SECRET_KEY_NAME)) {
    onCreate?.()
    store.put(JWT_SECRET_KEY_NAME, { type: JWT_SECRET_KEY_TYPE, privateKey: randomBytes(32) })
    created = true
  }
  const secret = store.get(JWT_SECRET_KEY_NAME).privateKey
  if (created || !repo.hasApiToken()) repo.setApiToken(await signToken(secret, ALL_PERMISSIONS))
  return secret
}

/** `[API] ListenAddress` as host and port (port 0 picks a free port). */
export function parseListen(addr: string): { host: string; port: number } {
  const m = /^\/(ip4|ip6)\/([^/]+)\/tcp\/(\d+)(\/http)?\/?$/.exec(addr)
  const port = m ? Number(m[3]) : Number.NaN
  if (!m || port > 65535)
    throw new InvalidError(`[API] ListenAddress ${JSON.stringify(addr)}: expected /ip4/<ip>/tcp/<port>/http`)
  return { host: m[2]!, port }
}
