/**
 * One request body (HTTP) or message (WebSocket) in, one reply out: parse with a depth limit, single or
 * batch, dispatch. HTTP statuses follow go-jsonrpc: 400 for an invalid request, 500 for other protocol
 * errors, 200 when the method ran (even if it returned an error).
 */
import { errorMessage } from '../../util/errors.ts'
import { parseJson } from '../../util/json.ts'
import { errorResponse, idOf, type RpcResponse, readRequest } from '../envelope.ts'
import { RpcCode, RpcError } from '../rpc-error.ts'
import type { CallContext, ChannelSink, Dispatcher } from './dispatch.ts'

export interface Reply {
  status: number
  /** Undefined when only notifications were sent. */
  body: RpcResponse | RpcResponse[] | undefined
  afterSend: (() => void)[]
}

export interface TextLimits {
  maxJsonDepth: number
  maxBatch: number
}

const statusOf = (code: number) => (code === RpcCode.InvalidRequest ? 400 : code < 0 ? 500 : 200)

export async function handleText(
  text: string,
  dispatcher: Dispatcher,
  ctx: CallContext,
  limits: TextLimits,
  channels?: ChannelSink,
): Promise<Reply> {
  const afterSend: (() => void)[] = []
  const protocolError = (code: number, message: string, id: RpcResponse['id'] = null): Reply => ({
    status: statusOf(code),
    body: errorResponse(id, code, message),
    afterSend,
  })
  if (text.trim() === '') return protocolError(RpcCode.InvalidRequest, 'Invalid request: empty body')
  let json: unknown
  try {
    json = parseJson(text, limits.maxJsonDepth)
  } catch (err) {
    return protocolError(RpcCode.ParseError, `Parse error: ${errorMessage(err)}`)
  }

  const one = async (item: unknown): Promise<RpcResponse | undefined> => {
    let req: ReturnType<typeof readRequest>
    try {
      req = readRequest(item)
    } catch (err) {
      const code = err instanceof RpcError ? err.rpcCode : RpcCode.InvalidRequest
      return errorResponse(idOf(item), code, errorMessage(err))
    }
    const out = await dispatcher.dispatch(req, ctx, channels)
    if (out.afterSend) afterSend.push(out.afterSend)
    return out.response
  }

  if (Array.isArray(json)) {
    if (json.length === 0) return protocolError(RpcCode.InvalidRequest, 'Invalid request: empty batch')
    if (json.length > limits.maxBatch)
      return protocolError(
        RpcCode.InvalidRequest,
        `Invalid request: batch of ${json.length} exceeds ${limits.maxBatch}`,
      )
    const out: RpcResponse[] = []
    for (const item of json) {
      const r = await one(item)
      if (r) out.push(r)
    }
    return { status: 200, body: out.length ? out : undefined, afterSend }
  }
  const r = await one(json)
  const code = r?.error?.code
  return { status: code === undefined ? 200 : statusOf(code), body: r, afterSend }
}
