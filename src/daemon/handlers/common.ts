/** Implementations of the Common methods for the daemon. */
import { signToken, verifyToken } from '../../api/auth.ts'
import type { FULL_API_VERSION } from '../../api/full/index.ts'
import type { Permission } from '../../api/method.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import type { CommonMethods } from '../../api/common.ts'
import { InvalidError } from '../../util/errors.ts'
import { LogLevel, listLogSubsystems, setLogLevel } from '../../util/log.ts'
import { untilAborted } from '../../util/abort.ts'

export interface CommonDeps {
  readonly jwtSecret: Uint8Array
  readonly session: string
  readonly peerId: string
  readonly startTime: Date
  readonly buildVersion: string
  readonly agent: string
  readonly blockDelaySecs: number
  readonly apiVersions: typeof FULL_API_VERSION
  /** Aborted when the node stops (ends `Closing` channels). */
  readonly closing: AbortSignal
  /** Begins a clean shutdown (after the Shutdown call is answered). */
  readonly shutdown: () => void
}

export function commonHandlers(d: CommonDeps): Handlers<typeof CommonMethods> {
  return {
    Version: (ctx) => ({
      version: d.buildVersion,
      apiVersion: d.apiVersions[ctx.version],
      blockDelay: d.blockDelaySecs,
      agent: d.agent,
    }),
    Session: () => d.session,
    ID: () => d.peerId,
    StartTime: () => d.startTime,
    Shutdown: () => {
      setImmediate(d.shutdown)
      return undefined
    },
    Closing: (ctx) => untilAborted([d.closing, ctx.signal]),
    AuthVerify: async (_ctx, token) => (await verifyToken(d.jwtSecret, token)) as Permission[],
    AuthNew: async (_ctx, perms) => new TextEncoder().encode(await signToken(d.jwtSecret, perms)),
    LogList: () => listLogSubsystems(),
    LogSetLevel: (_ctx, subsystem, level) => {
      if (!Object.hasOwn(LogLevel, level))
        throw new InvalidError(`unknown log level ${JSON.stringify(level)} (expected debug, info, warn, error)`)
      setLogLevel(level as LogLevel, subsystem)
      return undefined
    },
  }
}
