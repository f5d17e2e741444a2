/** `lotus-seed genesis …` (lotus cmd/lotus-seed/genesis.go): genesis template files. */
import { readFileSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { homedir } from 'node:os'
import { Address } from '../../core/address.ts'
import { FIL_PRECISION, parseFil } from '../../core/token.ts'
import { preSealFileFromJson, genesisMinerToJson } from '../../chain/genesis/miner.ts'
import { accountActor, newTemplate, templateFromJson, templateToJson } from '../../chain/genesis/template.ts'
import { errorMessage } from '../../util/errors.ts'
import { type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'

const expand = (p: string) => (p.startsWith('~/') ? homedir() + p.slice(1) : p)

/** Go's RFC 3339 layout, as `--timestamp` takes it. */
function parseTimestamp(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text))
    throw new CliError(`invalid value "${text}" for flag -timestamp: expected RFC3339 like 2025-02-27T15:04:05Z`)
  return Math.floor(Date.parse(text) / 1000)
}

const genesisNew: Command = {
  name: 'new',
  usage: 'create new genesis template',
  argsUsage: '[genesis.json]',
  flags: [
    { name: 'network-name', kind: 'string', usage: '' },
    {
      name: 'timestamp',
      kind: 'string',
      usage: 'The genesis timestamp specified as a RFC3339 formatted string. Example: 2025-02-27T15:04:05Z',
    },
  ],
  action(ctx) {
    if (!ctx.args[0]) throw new CliError('seed genesis new [genesis.json]')
    const name = str(ctx, 'network-name') || `localnet-${randomUUID()}`
    const ts = str(ctx, 'timestamp')
    const t = newTemplate(name, ts ? parseTimestamp(ts) : 0)
    writeFileSync(expand(ctx.args[0]), templateToJson(t))
  },
}

/**
 * Not in Lotus (there, accounts come from `genesis add-miner` owners): adds a funded account to a
 * template, for devnets without genesis miners.
 */
const genesisAddAccount: Command = {
  name: 'add-account',
  usage: 'add a funded account to a genesis template (balance in FIL)',
  argsUsage: '<genesis.json> <address> <balance>',
  action(ctx) {
    if (ctx.args.length !== 3) throw new CliError('seed genesis add-account <genesis.json> <address> <balance>')
    const [file, addrText, balText] = ctx.args as [string, string, string]
    try {
      const path = expand(file)
      const t = templateFromJson(readFileSync(path, 'utf8'))
      t.accounts.push(accountActor(Address.parse(addrText), parseFil(balText)))
      writeFileSync(path, templateToJson(t))
    } catch (err) {
      throw new CliError(errorMessage(err))
    }
  },
}

/** What Lotus's `genesis add-miner` gives each miner's owner: 50,000,000 FIL. */
export const GENESIS_MINER_OWNER_BALANCE = 50_000_000n * FIL_PRECISION

/**
 * Lotus `genesis add-miner`: appends the miners of a pre-seal file to the template's Miners, and gives each
 * owner a funded account ("Giving <owner> some initial balance").
 */
const genesisAddMiner: Command = {
  name: 'add-miner',
  usage: 'add genesis miner',
  argsUsage: '[genesis.json] [preseal.json]',
  action(ctx) {
    if (ctx.args.length !== 2) throw new CliError('must specify template file and sector file')
    const [file, presealFile] = ctx.args as [string, string]
    try {
      const path = expand(file)
      const t = templateFromJson(readFileSync(path, 'utf8'))
      const miners = preSealFileFromJson(readFileSync(expand(presealFile), 'utf8'))
      for (const m of miners) {
        if (t.miners.some((o) => (o as { ID?: unknown }).ID === m.id.toString()))
          throw new CliError(`miner ${m.id} is already in ${file}`)
        t.miners.push(genesisMinerToJson(m))
        t.accounts.push(accountActor(m.owner, GENESIS_MINER_OWNER_BALANCE))
      }
      writeFileSync(path, templateToJson(t))
    } catch (err) {
      if (err instanceof CliError) throw err
      throw new CliError(errorMessage(err))
    }
  },
}

export const genesisCmd: Command = {
  name: 'genesis',
  usage: 'manipulate lotus genesis template',
  subcommands: [genesisNew, genesisAddMiner, genesisAddAccount],
}
