/** JSON-RPC 2.0 envelopes: reading requests leniently (as go-jsonrpc does) and writing responses. */
import { RpcCode, RpcError } from './rpc-error.ts'

export type RpcId = number | string | bigint | null

export interface RpcRequest {
  /** Undefined for a notification (no `id` member, or a null id as go-jsonrpc treats it). */
  id: RpcId | undefined
  method: string
  /** Positional params; omitted and null both mean none. */
  params: unknown[]
}

export interface RpcResponse {
  jsonrpc: '2.0'
  id: RpcId
  result?: unknown
  error?: { code: number; message: string }
}

/** Reads one request object; throws RpcError -32600 naming what is wrong. */
export function readRequest(json: unknown): RpcRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new RpcError(RpcCode.InvalidRequest, 'invalid request: expected a JSON object')
  const o = json as Record<string, unknown>
  const id = o.id
  if (id !== undefined && id !== null && typeof id !== 'number' && typeof id !== 'string' && typeof id !== 'bigint')
    throw new RpcError(RpcCode.InvalidRequest, 'invalid request: id must be a number, a string or null')
  if (typeof o.method !== 'string' || o.method === '')
    throw new RpcError(RpcCode.InvalidRequest, 'invalid request: method must be a non-empty string')
  const p = o.params
  if (p !== undefined && p !== null && !Array.isArray(p))
    throw new RpcError(RpcCode.InvalidParams, `invalid params for '${o.method}': expected an array (positional params)`)
  return { id: id === null ? undefined : (id as RpcId | undefined), method: o.method, params: (p as unknown[]) ?? [] }
}

/** The id to answer a request with, read as far as possible from a malformed one. */
export function idOf(json: unknown): RpcId {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null
  const id = (json as Record<string, unknown>).id
  return typeof id === 'number' || typeof id === 'string' || typeof id === 'bigint' ? id : null
}

export function resultResponse(id: RpcId, result: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, result: result === undefined ? null : result }
}

export function errorResponse(id: RpcId, code: number, message: string): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code, message } }
}
