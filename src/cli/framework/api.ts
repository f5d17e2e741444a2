/**
 * Connecting a command to a process's API. The endpoint comes from, in order: `--api-url` (with
 * `--token`), the kind's `*_API_INFO` env var (`TOKEN:MULTIADDR`), then the repo's `api` and `token` files
 * (repo from `--repo` or the kind's path env var).
 */
import { type Client, createClient } from '../../api/client/client.ts'
import { parseApiInfo, rpcUrl } from '../../api/client/endpoint.ts'
import { httpTransport } from '../../api/client/http-transport.ts'
import type { Transport } from '../../api/client/transport.ts'
import type { MethodTable } from '../../api/method.ts'
import { type RepoKind, readApiFiles, repoPath } from '../../api/repo/fs-repo.ts'
import { NotFoundError } from '../../util/errors.ts'
import { type CommandContext, str } from './command.ts'

export interface ApiTarget {
  /** A multiaddr or URL. */
  readonly addr: string
  readonly token: string
}

/** Where the API of `kind` is, by the precedence above. */
export function findApi(ctx: CommandContext, kind: RepoKind): ApiTarget {
  const flagUrl = str(ctx, 'api-url')
  if (flagUrl) return { addr: flagUrl, token: str(ctx, 'token') }
  const info = ctx.env[kind.apiInfoEnv]
  if (info) {
    const parsed = parseApiInfo(info)
    return { addr: parsed.addr, token: str(ctx, 'token') || parsed.token }
  }
  const dir = repoPath(kind, str(ctx, 'repo') || undefined, ctx.env)
  try {
    const files = readApiFiles(dir)
    return { addr: files.addr, token: str(ctx, 'token') || files.token }
  } catch (err) {
    if (err instanceof NotFoundError)
      throw new NotFoundError(
        `could not get API info for ${kind.name}: ${err.message} (is the ${kind.name === 'FullNode' ? 'daemon' : 'process'} running? set ${kind.apiInfoEnv} or --api-url otherwise)`,
      )
    throw err
  }
}

export interface ApiConnection<T extends MethodTable> {
  readonly api: Client<T>
  readonly target: ApiTarget
  close(): Promise<void>
}

/** Connects to the API of `kind` over HTTP (or WebSocket when `ws`, needed for channels). */
export async function connectApi<T extends MethodTable>(
  ctx: CommandContext,
  kind: RepoKind,
  table: T,
  opts: { ws?: boolean } = {},
): Promise<ApiConnection<T>> {
  const target = findApi(ctx, kind)
  const token = target.token || undefined
  const transport: Transport = opts.ws
    ? // loaded on demand: most commands speak HTTP and start faster without the ws module
      await (await import('../../api/client/ws-transport.ts')).wsTransport({ url: rpcUrl(target.addr, 'ws'), token })
    : httpTransport({ url: rpcUrl(target.addr, 'http'), token })
  return { api: createClient(table, transport), target, close: () => transport.close() }
}

/** Runs `fn` with a connection, closing it afterwards. */
export async function withApi<T extends MethodTable, R>(
  ctx: CommandContext,
  kind: RepoKind,
  table: T,
  fn: (api: Client<T>, target: ApiTarget) => Promise<R>,
): Promise<R> {
  const conn = await connectApi(ctx, kind, table)
  try {
    return await fn(conn.api, conn.target)
  } finally {
    await conn.close()
  }
}
