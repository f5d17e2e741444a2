/**
 * Flag parsing in Lotus's style: `--flag value`, `--flag=value`, `-f value`, bool flags bare or
 * `--flag=false`; everything after `--` is an argument. Unlike urfave/cli, flags may also follow arguments.
 */
import type { Flag, FlagValue } from './command.ts'
import { CliError } from './errors.ts'

export interface Parsed {
  values: Record<string, FlagValue>
  set: Set<string>
  args: string[]
  /** The first argument that is not a flag, when `stopAtArg` (used to find the subcommand). */
  help: boolean
}

function find(flags: readonly Flag[], name: string): Flag | undefined {
  return flags.find((f) => f.name === name || f.aliases?.includes(name))
}

/** Parses `argv` against `flags`. With `stopAtArg`, stops at the first positional argument. */
export function parseFlags(argv: readonly string[], flags: readonly Flag[], stopAtArg: boolean): Parsed {
  const values: Record<string, FlagValue> = {}
  const set = new Set<string>()
  const args: string[] = []
  let help = false
  let i = 0
  for (; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      args.push(...argv.slice(i + 1))
      i = argv.length
      break
    }
    if (!a.startsWith('-') || a === '-' || /^-\d/.test(a)) {
      if (stopAtArg) break
      args.push(a)
      continue
    }
    const body = a.replace(/^--?/, '')
    const eq = body.indexOf('=')
    const name = eq >= 0 ? body.slice(0, eq) : body
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined
    if (name === 'help' || name === 'h') {
      help = true
      continue
    }
    const flag = find(flags, name)
    if (!flag) throw new CliError(`flag provided but not defined: -${name}`, { showHelp: true })
    let value: FlagValue
    if (flag.kind === 'bool') {
      if (inline === undefined) value = true
      else if (/^(true|1)$/i.test(inline)) value = true
      else if (/^(false|0)$/i.test(inline)) value = false
      else throw new CliError(`invalid boolean value "${inline}" for flag -${name}`)
    } else {
      let raw = inline
      if (raw === undefined) {
        if (i + 1 >= argv.length) throw new CliError(`flag needs an argument: -${name}`, { showHelp: true })
        raw = argv[++i]!
      }
      if (flag.kind === 'int') {
        if (!/^-?\d+$/.test(raw)) throw new CliError(`invalid value "${raw}" for flag -${name}: expected an integer`)
        value = Number(raw)
      } else value = raw
    }
    values[flag.name] = value
    set.add(flag.name)
  }
  if (stopAtArg) args.push(...argv.slice(i))
  return { values, set, args, help }
}

/** Fills absent flags from their env vars, then their defaults. */
export function withDefaults(values: Record<string, FlagValue>, flags: readonly Flag[], env: NodeJS.ProcessEnv): void {
  for (const f of flags) {
    if (values[f.name] !== undefined) continue
    const fromEnv = f.env?.map((e) => env[e]).find((v) => v !== undefined && v !== '')
    if (fromEnv !== undefined) {
      values[f.name] = f.kind === 'bool' ? /^(true|1)$/i.test(fromEnv) : f.kind === 'int' ? Number(fromEnv) : fromEnv
    } else if (f.default !== undefined) values[f.name] = f.default
  }
}
