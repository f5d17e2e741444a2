/**
 * Runs a program: finds the command from argv, parses flags, runs the action. Errors go to stderr as
 * `ERROR: <message>` with exit code 1 (a stack trace only with LOTUS_TS_DEBUG=1); `--help`, `-h` and
 * `help <command>` print help.
 */
import type { Readable, Writable } from 'node:stream'
import { errorMessage } from '../../util/errors.ts'
import type { App, Command, CommandContext, FlagValue } from './command.ts'
import { CliError } from './errors.ts'
import { parseFlags, withDefaults } from './flags.ts'
import { appHelp, commandHelp } from './help.ts'

export interface RunIo {
  readonly stdout: Writable
  readonly stderr: Writable
  readonly stdin: Readable
  readonly env: NodeJS.ProcessEnv
  readonly signal: AbortSignal
}

const findCmd = (cmds: readonly Command[] | undefined, name: string) =>
  cmds?.find((c) => c.name === name || c.aliases?.includes(name))

/** Runs `argv` (without node and script) and resolves to the exit code. */
export async function runApp(app: App, argv: readonly string[], io: RunIo): Promise<number> {
  const path: Command[] = []
  try {
    if (argv[0] === '--version' || argv[0] === '-v') {
      io.stdout.write(`${app.name} version ${app.version}\n`)
      return 0
    }
    const global = parseFlags(argv, app.flags, true)
    if (global.help && global.args.length === 0) {
      io.stdout.write(appHelp(app))
      return 0
    }
    let rest = global.args
    // `help a b` is `a b --help`
    let wantHelp = global.help
    if (rest[0] === 'help' || rest[0] === 'h') {
      wantHelp = true
      rest = rest.slice(1)
    }
    let cmds: readonly Command[] | undefined = app.commands
    while (rest.length > 0) {
      const next = findCmd(cmds, rest[0]!)
      if (!next) break
      path.push(next)
      rest = rest.slice(1)
      cmds = next.subcommands
      if (!next.subcommands?.length) break
      if (rest[0] === 'help' || rest[0] === 'h') {
        wantHelp = true
        rest = rest.slice(1)
      }
    }
    const fallback = app.defaultCommand ? findCmd(app.commands, app.defaultCommand) : undefined
    if (path.length === 0 && fallback && rest.length === 0 && !wantHelp) path.push(fallback)
    if (path.length === 0) {
      if (rest.length === 0 || wantHelp) {
        io.stdout.write(appHelp(app))
        return rest.length === 0 && !wantHelp ? 1 : 0
      }
      throw new CliError(`No help topic for '${rest[0]}'`, { exitCode: 3 })
    }
    const cmd = path[path.length - 1]!
    const local = parseFlags(rest, cmd.flags ?? [], false)
    if (wantHelp || local.help) {
      io.stdout.write(commandHelp(app, path))
      return 0
    }
    if (!cmd.action) {
      if (local.args.length > 0) throw new CliError(`unknown command '${local.args[0]}'`, { showHelp: true })
      io.stdout.write(commandHelp(app, path))
      return 0
    }
    const values: Record<string, FlagValue> = { ...global.values, ...local.values }
    withDefaults(values, app.flags, io.env)
    withDefaults(values, cmd.flags ?? [], io.env)
    const set = new Set([...global.set, ...local.set])
    const ctx: CommandContext = {
      app,
      path,
      args: local.args,
      flags: values,
      isSet: (n) => set.has(n),
      env: io.env,
      stdout: io.stdout,
      stderr: io.stderr,
      stdin: io.stdin,
      signal: io.signal,
    }
    await cmd.action(ctx)
    return 0
  } catch (err) {
    io.stderr.write(`ERROR: ${errorMessage(err)}\n`)
    if (io.env.LOTUS_TS_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`)
    if (err instanceof CliError) {
      if (err.showHelp && path.length) io.stderr.write(`\n${commandHelp(app, path)}`)
      return err.exitCode
    }
    return 1
  }
}

/** Entry point for a bin: runs with the process's stdio, wires SIGINT/SIGTERM to the signal, sets the exit code. */
export async function main(app: App): Promise<void> {
  // A reader that closed the pipe (`lotus wallet list | head -1`) wants no more output: end quietly, as a
  // Go program ends on SIGPIPE (exit 128 + 13), instead of crashing with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(141)
      throw err
    })
  }
  const ac = new AbortController()
  const onSignal = () => ac.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const code = await runApp(app, process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    signal: ac.signal,
  })
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
  // Exit once output is flushed, so a lingering socket or timer never keeps a finished command alive.
  await new Promise<void>((r) => process.stdout.write('', () => r()))
  await new Promise<void>((r) => process.stderr.write('', () => r()))
  process.exit(code)
}
