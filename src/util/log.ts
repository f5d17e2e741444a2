/**
 * A small level-filtered logger writing one line per entry to stderr. The level comes from
 * `LOTUS_TS_LOG_LEVEL` (debug|info|warn|error|silent, default info) or `setLogLevel`. Callers never pass
 * secrets (keys, tokens): log what happened and to whom, not the credentials.
 */
export const LogLevel = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const
export type LogLevel = keyof typeof LogLevel

function levelFromEnv(): LogLevel {
  const v = process.env.LOTUS_TS_LOG_LEVEL?.toLowerCase()
  return v !== undefined && v in LogLevel ? (v as LogLevel) : 'info'
}

let globalLevel: LogLevel = levelFromEnv()
const subsystemLevels = new Map<string, LogLevel>()
const subsystems = new Set<string>()

/** Sets the level of every subsystem, or of one subsystem when `subsystem` is given (Lotus's LogSetLevel). */
export function setLogLevel(level: LogLevel, subsystem?: string): void {
  if (subsystem === undefined || subsystem === '*') {
    globalLevel = level
    subsystemLevels.clear()
  } else subsystemLevels.set(subsystem, level)
}

/** The subsystems that created a logger (Lotus's LogList). */
export function listLogSubsystems(): string[] {
  return [...subsystems].sort()
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

function fieldText(fields?: Record<string, unknown>): string {
  if (!fields) return ''
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : String(v)}`)
  return parts.length ? ` ${parts.join(' ')}` : ''
}

/** A logger for one subsystem (e.g. "rpc", "wallet"). */
export function logger(subsystem: string): Logger {
  subsystems.add(subsystem)
  const emit = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    const min = subsystemLevels.get(subsystem) ?? globalLevel
    if (LogLevel[level] < LogLevel[min]) return
    process.stderr.write(
      `${new Date().toISOString()}\t${level.toUpperCase()}\t${subsystem}\t${msg}${fieldText(fields)}\n`,
    )
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  }
}
