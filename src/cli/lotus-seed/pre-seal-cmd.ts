/** The `lotus-seed pre-seal` command: flags as Lotus's (cmd/lotus-seed/main.go preSealCmd). */
import { homedir } from 'node:os'
import { Address } from '../../core/address.ts'
import { errorMessage } from '../../util/errors.ts'
import { type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { parseSectorSize } from '../lotus-bench/sealing.ts'
import { DEFAULT_TICKET_PREIMAGE, parseKeyHex, preSeal } from './pre-seal.ts'

const expand = (p: string) => (p === '~' || p.startsWith('~/') ? homedir() + p.slice(1) : p)

export const preSealCmd: Command = {
  name: 'pre-seal',
  usage: 'Seal sectors for genesis miner',
  flags: [
    { name: 'miner-addr', kind: 'string', default: 't01000', usage: 'specify the future address of your miner' },
    { name: 'sector-size', kind: 'string', default: '2KiB', usage: 'specify size of sectors to pre-seal' },
    {
      name: 'ticket-preimage',
      kind: 'string',
      default: DEFAULT_TICKET_PREIMAGE,
      usage: 'set the ticket preimage for sealing randomness',
    },
    { name: 'num-sectors', kind: 'int', default: 1, usage: 'select number of sectors to pre-seal' },
    { name: 'sector-offset', kind: 'int', default: 0, usage: 'how many sector ids to skip when starting to seal' },
    { name: 'key', kind: 'string', usage: '(optional) Key to use for signing / owner/worker addresses' },
  ],
  async action(ctx) {
    try {
      const key = str(ctx, 'key')
      await preSeal({
        minerAddr: Address.parse(str(ctx, 'miner-addr') || 't01000'),
        sectorSize: parseSectorSize(str(ctx, 'sector-size') || '2KiB'),
        numSectors: Number(ctx.flags['num-sectors'] ?? 1),
        sectorOffset: Number(ctx.flags['sector-offset'] ?? 0),
        sectorDir: expand(str(ctx, 'sector-dir') || '~/.genesis-sectors'),
        ticketPreimage: str(ctx, 'ticket-preimage'),
        key: key ? parseKeyHex(key) : undefined,
        signal: ctx.signal,
        log: (line) => ctx.stderr.write(`${line}\n`),
      })
    } catch (err) {
      if (err instanceof CliError) throw err
      throw new CliError(errorMessage(err))
    }
  },
}
