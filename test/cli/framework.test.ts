import { spawnSync } from 'node:child_process'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { describe, it } from 'node:test'
import type { App } from '../../src/cli/framework/command.ts'
import { CliError } from '../../src/cli/framework/errors.ts'
import { parseFlags } from '../../src/cli/framework/flags.ts'
import { runApp } from '../../src/cli/framework/run.ts'
import { TableWriter } from '../../src/cli/framework/table.ts'

describe('table writer (lotus lib/tablewriter)', () => {
  it('pads each column to its widest cell plus two spaces and drops columns with no values', () => {
    const tw = new TableWriter([{ name: 'Address' }, { name: 'ID' }, { name: 'Balance' }, { name: 'Default' }])
    tw.write({ Address: 't1abc', Balance: '49999999.99 FIL', Default: 'X' })
    tw.write({ Address: 't1abjxyz', Balance: '0 FIL' })
    assert.equal(
      tw.toString(),
      'Address   Balance          Default  \nt1abc     49999999.99 FIL  X        \nt1abjxyz  0 FIL                     \n',
    )
  })

  it('appends undeclared columns, prints separate-line columns below the row, measures without ANSI codes', () => {
    const tw = new TableWriter([{ name: 'A' }, { name: 'Error', separateLine: true }])
    tw.write({ A: '\x1b[31mred\x1b[0m', Extra: 1 })
    tw.write({ A: 'x', Error: 'boom' })
    assert.equal(tw.toString(), 'A    Extra  \n\x1b[31mred\x1b[0m  1      \nx           \n  Error: boom\n')
  })
})

describe('flags', () => {
  const flags = [
    { name: 'perm', kind: 'string', usage: '' },
    { name: 'raw', kind: 'bool', usage: '' },
    { name: 'n', kind: 'int', usage: '', aliases: ['count'] },
  ] as const
  it('reads --flag value, --flag=value, bare and explicit bools, aliases, and -- ', () => {
    const p = parseFlags(['a', '--perm', 'sign', '--raw=false', '--count=3', 'b', '--', '--raw'], flags, false)
    assert.deepEqual(p.values, { perm: 'sign', raw: false, n: 3 })
    assert.deepEqual(p.args, ['a', 'b', '--raw'])
    assert.equal(parseFlags(['--raw'], flags, false).values.raw, true)
  })
  it('names unknown flags, missing values and bad values', () => {
    assert.throws(() => parseFlags(['--nope'], flags, false), /flag provided but not defined: -nope/)
    assert.throws(() => parseFlags(['--perm'], flags, false), /flag needs an argument: -perm/)
    assert.throws(() => parseFlags(['--n', 'x'], flags, false), /expected an integer/)
    assert.throws(() => parseFlags(['--raw=maybe'], flags, false), /invalid boolean value/)
  })
})

describe('runApp', () => {
  const app: App = {
    name: 'prog',
    usage: 'a test program',
    version: '1.0',
    flags: [{ name: 'repo', kind: 'string', usage: 'repo', env: ['PROG_PATH'], default: '~/.prog' }],
    commands: [
      {
        name: 'echo',
        usage: 'print args',
        flags: [{ name: 'upper', kind: 'bool', usage: 'upper case' }],
        action: (ctx) => {
          const s = `${ctx.flags.repo} ${ctx.args.join(' ')}`
          ctx.stdout.write(`${ctx.flags.upper ? s.toUpperCase() : s}\n`)
        },
      },
      {
        name: 'fail',
        usage: 'fails',
        action: () => {
          throw new CliError('it broke')
        },
      },
    ],
  }
  const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const out = new PassThrough()
    const err = new PassThrough()
    let o = ''
    let e = ''
    out.on('data', (d) => (o += d))
    err.on('data', (d) => (e += d))
    const code = await runApp(app, argv, {
      stdout: out,
      stderr: err,
      stdin: new PassThrough(),
      env,
      signal: new AbortController().signal,
    })
    return { code, o, e }
  }

  it('runs commands with global and local flags, env and defaults', async () => {
    assert.deepEqual(await run(['echo', 'a', '--upper']), { code: 0, o: '~/.PROG A\n', e: '' })
    assert.deepEqual(await run(['--repo', '/r', 'echo', 'b']), { code: 0, o: '/r b\n', e: '' })
    assert.deepEqual(await run(['echo', 'c'], { PROG_PATH: '/env' }), { code: 0, o: '/env c\n', e: '' })
  })

  it('prints errors as ERROR: on stderr with a non-zero exit, a stack only with LOTUS_TS_DEBUG=1', async () => {
    assert.deepEqual(await run(['fail']), { code: 1, o: '', e: 'ERROR: it broke\n' })
    const dbg = await run(['fail'], { LOTUS_TS_DEBUG: '1' })
    assert.match(dbg.e, /^ERROR: it broke\nCliError: it broke\n\s+at /)
    assert.equal((await run(['nope'])).code, 3)
  })

  it('prints help for the app, a command, and help <command>', async () => {
    const top = await run(['--help'])
    assert.match(top.o, /COMMANDS:\n {3}echo +print args\n {3}fail +fails\n/)
    assert.match(top.o, /--repo value +repo \(default: "~\/\.prog"\) \[\$PROG_PATH\]/)
    const h = await run(['help', 'echo'])
    assert.equal(h.o, (await run(['echo', '--help'])).o)
    assert.match(h.o, /^NAME:\n {3}prog echo - print args\n/)
    assert.equal((await run(['--version'])).o, 'prog version 1.0\n')
  })
})

describe('a closed output pipe', () => {
  it('ends the program quietly with 141, as a Go program on SIGPIPE', () => {
    // `true` exits at once, so the pipe is closed by the time lotus writes its help.
    const lotus = new URL('../../bin/lotus', import.meta.url).pathname
    const r = spawnSync('bash', ['-c', `'${lotus}' --help | true; echo "status=\${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
    })
    assert.match(r.stdout, /status=141/)
    assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/)
  })
})
