/**
 * JSON-RPC error codes as go-jsonrpc uses them. Protocol errors take the standard negative codes; any
 * error a method returns takes code 1 (Lotus maps Go errors to 1, permission refusals included); typed
 * errors registered by the API start at 2.
 */
import { ErrorCode, LotusError } from '../util/errors.ts'

export const RpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  /** Any error returned by a method, including a missing permission. */
  Method: 1,
} as const
export type RpcCode = (typeof RpcCode)[keyof typeof RpcCode]

/** An error with its JSON-RPC code; what a server sends and what a client throws. */
export class RpcError extends LotusError {
  readonly rpcCode: number
  constructor(rpcCode: number, message: string, options?: { cause?: unknown }) {
    super(rpcCode === RpcCode.Method ? ErrorCode.Invalid : ErrorCode.Decode, message, options)
    this.rpcCode = rpcCode
    this.name = 'RpcError'
  }
}

/** The refusal Lotus sends when a token lacks a method's permission. */
export function missingPermission(method: string, perm: string): RpcError {
  return new RpcError(RpcCode.Method, `missing permission to invoke '${method}' (need '${perm}')`)
}

/** The JSON-RPC error object for any thrown value. */
export function toErrorObject(err: unknown): { code: number; message: string } {
  if (err instanceof RpcError) return { code: err.rpcCode, message: err.message }
  if (err instanceof Error) return { code: RpcCode.Method, message: err.message }
  return { code: RpcCode.Method, message: String(err) }
}
