/** Help text in urfave/cli's layout (NAME, USAGE, COMMANDS, OPTIONS), as `lotus … --help` prints it. */
import type { App, Command, Flag } from './command.ts'

const HELP_FLAG: Flag = { name: 'help', aliases: ['h'], kind: 'bool', usage: 'show help' }

function flagLabel(f: Flag): string {
  const names = [f.name, ...(f.aliases ?? [])].map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join(', ')
  return f.kind === 'bool' ? names : `${names} value`
}

function flagText(f: Flag): string {
  let s = f.usage
  if (f.default !== undefined && f.default !== false && f.default !== '')
    s += typeof f.default === 'string' ? ` (default: "${f.default}")` : ` (default: ${f.default})`
  if (f.env?.length) s += ` [${f.env.map((e) => `$${e}`).join(', ')}]`
  return s
}

function columns(rows: [string, string][], indent = '   '): string {
  const w = Math.max(0, ...rows.map(([a]) => a.length))
  return rows.map(([a, b]) => `${indent}${a.padEnd(w)}  ${b}`.trimEnd()).join('\n')
}

function commandRows(cmds: readonly Command[]): [string, string][] {
  return cmds
    .filter((c) => !c.hidden)
    .map((c): [string, string] => [[c.name, ...(c.aliases ?? [])].join(', '), c.usage])
    .concat([['help, h', 'Shows a list of commands or help for one command']])
}

export function appHelp(app: App): string {
  const out = [
    'NAME:',
    `   ${app.name} - ${app.usage}`,
    '',
    'USAGE:',
    `   ${app.name} [global options] command [command options] [arguments...]`,
    '',
    'VERSION:',
    `   ${app.version}`,
    '',
    'COMMANDS:',
    columns(commandRows(app.commands)),
    '',
    'GLOBAL OPTIONS:',
    columns(
      [
        ...app.flags.filter((f) => !f.hidden),
        HELP_FLAG,
        { ...HELP_FLAG, name: 'version', aliases: ['v'], usage: 'print the version' },
      ].map((f) => [flagLabel(f), flagText(f)]),
    ),
  ]
  return `${out.join('\n')}\n`
}

export function commandHelp(app: App, path: readonly Command[]): string {
  const cmd = path[path.length - 1]!
  const full = [app.name, ...path.map((c) => c.name)].join(' ')
  const out = ['NAME:', `   ${full} - ${cmd.usage}`, '', 'USAGE:']
  if (cmd.subcommands?.length) {
    out.push(`   ${full} command [command options] [arguments...]`)
  } else {
    out.push(`   ${full} [command options] ${cmd.argsUsage ?? '[arguments...]'}`)
  }
  if (cmd.description) out.push('', 'DESCRIPTION:', ...cmd.description.split('\n').map((l) => `   ${l}`))
  if (cmd.subcommands?.length) out.push('', 'COMMANDS:', columns(commandRows(cmd.subcommands)))
  out.push(
    '',
    'OPTIONS:',
    columns([...(cmd.flags ?? []).filter((f) => !f.hidden), HELP_FLAG].map((f) => [flagLabel(f), flagText(f)])),
  )
  return `${out.join('\n')}\n`
}
