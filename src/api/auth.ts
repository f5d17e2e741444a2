/**
 * Lotus API tokens: HS256 JWTs whose payload is `{"Allow":["read","write",...]}`, no expiry, signed with a
 * 32-byte secret the node keeps in its keystore under `auth-jwt-private` (type `jwt-hmac-secret`).
 */
import { jwtVerify, SignJWT } from 'jose'
import { InvalidError } from '../util/errors.ts'

/** Keystore name and KeyInfo type of the JWT secret (lotus node/modules/core.go). */
export const JWT_SECRET_KEY_NAME = 'auth-jwt-private'
export const JWT_SECRET_KEY_TYPE = 'jwt-hmac-secret'

/** Signs a token allowing `perms`. */
export async function signToken(secret: Uint8Array, perms: readonly string[]): Promise<string> {
  return new SignJWT({ Allow: [...perms] }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret)
}

/** Verifies a token and returns its permissions; throws InvalidError naming the problem. */
export async function verifyToken(secret: Uint8Array, token: string): Promise<string[]> {
  let payload: Record<string, unknown>
  try {
    payload = (await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload
  } catch (err) {
    throw new InvalidError(`JWT Verification failed: ${err instanceof Error ? err.message : String(err)}`)
  }
  const allow = payload.Allow
  if (allow === undefined || allow === null) return []
  if (!Array.isArray(allow) || !allow.every((p) => typeof p === 'string'))
    throw new InvalidError('JWT Verification failed: Allow must be a list of permission names')
  return allow as string[]
}

/**
 * A verifier that remembers tokens it verified (tokens carry no expiry and the secret does not change
 * while a process runs), so each request does not pay an HMAC. Bounded; failures are not cached.
 */
export function cachedVerifier(secret: Uint8Array, max = 1024): (token: string) => Promise<string[]> {
  const cache = new Map<string, string[]>()
  return async (token) => {
    const hit = cache.get(token)
    if (hit) return hit
    const perms = await verifyToken(secret, token)
    if (cache.size >= max) cache.delete(cache.keys().next().value!)
    cache.set(token, perms)
    return perms
  }
}
