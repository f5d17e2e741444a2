/**
 * Command trees for the three programs (in the shape of urfave/cli, which Lotus uses): a command has a
 * name, usage text, flags, and either subcommands or an action.
 */
import type { Readable, Writable } from 'node:stream'

export type FlagKind = 'bool' | 'string' | 'int'

export interface Flag {
  readonly name: string
  readonly kind: FlagKind
  readonly usage: string
  readonly aliases?: readonly string[]
  /** Shown in help; also the value when the flag is absent. */
  readonly default?: string | boolean | number
  /** Env vars read when the flag is absent (first set wins). */
  readonly env?: readonly string[]
  readonly hidden?: boolean
}

export interface Command {
  readonly name: string
  readonly usage: string
  readonly aliases?: readonly string[]
  readonly argsUsage?: string
  readonly description?: string
  readonly flags?: readonly Flag[]
  readonly subcommands?: readonly Command[]
  readonly action?: (ctx: CommandContext) => void | Promise<void>
  readonly hidden?: boolean
}

export interface App {
  readonly name: string
  readonly usage: string
  readonly version: string
  /** Global flags (before the command name). */
  readonly flags: readonly Flag[]
  readonly commands: readonly Command[]
  /** The command run when none is named (a one-command program such as lotus-devnet). */
  readonly defaultCommand?: string
}

export type FlagValue = string | boolean | number | undefined

export interface CommandContext {
  readonly app: App
  /** The command chain, e.g. [wallet, new]. */
  readonly path: readonly Command[]
  readonly args: readonly string[]
  /** Flag values by name: this command's flags and the global ones. */
  readonly flags: Readonly<Record<string, FlagValue>>
  /** Flags given explicitly on the command line (not defaults or env). */
  readonly isSet: (name: string) => boolean
  readonly env: NodeJS.ProcessEnv
  readonly stdout: Writable
  readonly stderr: Writable
  readonly stdin: Readable
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal: AbortSignal
}

/** A string flag's value ('' when absent). */
export function str(ctx: CommandContext, name: string): string {
  const v = ctx.flags[name]
  return v === undefined || v === false ? '' : String(v)
}

export function bool(ctx: CommandContext, name: string): boolean {
  return ctx.flags[name] === true
}
