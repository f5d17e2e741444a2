/** Reads the caller's token (`Authorization: Bearer <jwt>` or `?token=<jwt>`) as go-jsonrpc/auth does. */
import type { IncomingMessage } from 'node:http'
import { DEFAULT_PERMISSIONS } from '../method.ts'

export type TokenVerifier = (token: string) => Promise<readonly string[]>

export type AuthResult = { ok: true; perms: readonly string[] } | { ok: false; reason: string }

export async function authenticate(req: IncomingMessage, url: URL, verify: TokenVerifier): Promise<AuthResult> {
  let header = req.headers.authorization ?? ''
  if (header === '') {
    const t = url.searchParams.get('token')
    if (t) header = `Bearer ${t}`
  }
  if (header === '') return { ok: true, perms: DEFAULT_PERMISSIONS }
  if (!header.startsWith('Bearer ')) return { ok: false, reason: 'missing Bearer prefix in auth header' }
  try {
    return { ok: true, perms: await verify(header.slice('Bearer '.length).trim()) }
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) }
  }
}
