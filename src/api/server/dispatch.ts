/**
 * Server-side dispatch derived from a method table: method lookup, permission check, param count and
 * decoding (errors name the param), the call, and result encoding. Transport-free: the HTTP and WebSocket
 * front ends feed it parsed requests.
 */
import { errorMessage } from '../../util/errors.ts'
import { errorResponse, type RpcRequest, type RpcResponse, resultResponse } from '../envelope.ts'
import { METHOD_PREFIX, type MethodDef, type MethodTable, type ParamsOf, type ResultOf } from '../method.ts'
import { missingPermission, RpcCode, toErrorObject } from '../rpc-error.ts'

/** What a handler learns about its caller. */
export interface CallContext {
  /** The caller's permissions (from its token, or the default `read`). */
  readonly perms: readonly string[]
  /** Aborted when the caller disconnects, cancels the call (`xrpc.cancel`), or the server closes. */
  readonly signal: AbortSignal
  /** The API version the caller reached: `v0` or `v1` (from `/rpc/v0` or `/rpc/v1`). */
  readonly version: 'v0' | 'v1'
}

type HandlerFor<M> = M extends { stream: true }
  ? (ctx: CallContext, ...args: ParamsOf<M>) => AsyncIterable<ResultOf<M>> | Promise<AsyncIterable<ResultOf<M>>>
  : (ctx: CallContext, ...args: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>

/** One implementation per method of the table. */
export type Handlers<T extends MethodTable> = { readonly [K in keyof T]: HandlerFor<T[K]> }

/** Where a stream method's values go (a WebSocket connection); absent over plain HTTP. */
export interface ChannelSink {
  /** Registers a channel and returns its id; `start` begins sending values once the call's answer is out. */
  open(values: AsyncIterable<unknown>, signal: AbortSignal): { id: number; start: () => void }
}

export interface Dispatched {
  /** Undefined for a notification (no id). */
  response: RpcResponse | undefined
  /** Call after the response was written (starts a channel's values). */
  afterSend?: () => void
}

export interface Dispatcher {
  readonly table: MethodTable
  dispatch(req: RpcRequest, ctx: CallContext, channels?: ChannelSink): Promise<Dispatched>
}

// biome-ignore lint/suspicious/noExplicitAny: handlers are called generically with decoded params
type AnyHandler = (ctx: CallContext, ...args: any[]) => unknown

export function createDispatcher<T extends MethodTable>(table: T, handlers: Handlers<T>): Dispatcher {
  const lookup = (wireName: string): [string, MethodDef] | undefined => {
    if (!wireName.startsWith(METHOD_PREFIX)) return undefined
    const name = wireName.slice(METHOD_PREFIX.length)
    const def = Object.hasOwn(table, name) ? table[name] : undefined
    return def ? [name, def] : undefined
  }

  async function dispatch(req: RpcRequest, ctx: CallContext, channels?: ChannelSink): Promise<Dispatched> {
    const id = req.id ?? null
    const answer = (response: RpcResponse): Dispatched => ({ response: req.id === undefined ? undefined : response })
    const fail = (code: number, message: string) => answer(errorResponse(id, code, message))

    const found = lookup(req.method)
    if (!found) return fail(RpcCode.MethodNotFound, `method '${req.method}' not found`)
    const [name, def] = found
    if (!ctx.perms.includes(def.perm)) return fail(RpcCode.Method, missingPermission(name, def.perm).message)
    if (def.stream && !channels)
      return fail(RpcCode.MethodNotFound, `method '${req.method}' not supported in this mode (no out channel support)`)
    if (req.params.length !== def.params.length)
      return fail(
        RpcCode.InvalidParams,
        `wrong param count (method '${req.method}'): ${req.params.length} != ${def.params.length}`,
      )
    const args: unknown[] = []
    for (let i = 0; i < def.params.length; i++) {
      const p = def.params[i]!
      try {
        args.push(p.codec.fromJson(req.params[i], p.name))
      } catch (err) {
        return fail(RpcCode.InvalidParams, `invalid param ${i} (${p.name}) of '${req.method}': ${errorMessage(err)}`)
      }
    }
    const handler = (handlers as unknown as Record<string, AnyHandler>)[name]
    if (!handler) return fail(RpcCode.Internal, `method '${req.method}' has no implementation`)
    try {
      const out = await handler(ctx, ...args)
      if (def.stream) {
        const values = encodeStream(out as AsyncIterable<unknown>, def)
        const ch = channels!.open(values, ctx.signal)
        return { response: answer(resultResponse(id, ch.id)).response, afterSend: ch.start }
      }
      return answer(resultResponse(id, def.result.toJson(out)))
    } catch (err) {
      const e = toErrorObject(err)
      return fail(e.code, e.message)
    }
  }
  return { table, dispatch }
}

async function* encodeStream(values: AsyncIterable<unknown>, def: MethodDef): AsyncIterable<unknown> {
  for await (const v of values) yield def.result.toJson(v)
}
