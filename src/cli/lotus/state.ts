/**
 * `lotus state …` (lotus cli/state.go): lookup, get-actor, network-name, wait-msg, search-msg here; the
 * miner and listing queries in state-*.ts, registered below in Lotus's order.
 */
import type { MsgLookupJson } from '../../api/full/chain-codecs.ts'
import { actorKindOf } from '../../chain/actors/code-cids.ts'
import type { CID } from '../../core/cid.ts'
import { formatFil } from '../../core/token.ts'
import { toHex } from '../../util/bytes.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { addrArg, bigArg, cidArg, fullApi, HEAD } from './chain-api.ts'
import { stateCall } from './state-call.ts'
import { stateListActors, stateListMiners, stateReadState } from './state-list.ts'
import { stateMinerInfo, stateMinerProvingDeadline } from './state-miner-info.ts'
import { statePower, stateSectorSize } from './state-power.ts'
import { stateSector } from './state-sector.ts'
import { stateSectors } from './state-sectors.ts'

const oneArg = (ctx: CommandContext, what: string): string => {
  if (ctx.args.length !== 1) throw new CliError(`must specify ${what}`)
  return ctx.args[0]!
}

const stateLookup: Command = {
  name: 'lookup',
  usage: 'Find corresponding ID address',
  argsUsage: '[address]',
  flags: [{ name: 'reverse', aliases: ['r'], kind: 'bool', usage: 'Perform reverse lookup' }],
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      const addr = addrArg(oneArg(ctx, 'address of actor to get'))
      const out = bool(ctx, 'reverse') ? await a.StateAccountKey(addr, HEAD) : await a.StateLookupID(addr, HEAD)
      ctx.stdout.write(`${out}\n`)
    }),
}

const stateGetActor: Command = {
  name: 'get-actor',
  usage: 'Print actor information',
  argsUsage: '[actorAddress]',
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      const addr = addrArg(oneArg(ctx, 'an actor address'))
      const act = await a.StateGetActor(addr, HEAD)
      ctx.stdout.write(`Address:\t${addr}\n`)
      ctx.stdout.write(`Balance:\t${formatFil(act.balance)}\n`)
      ctx.stdout.write(`Nonce:\t\t${act.nonce}\n`)
      ctx.stdout.write(`Code:\t\t${act.code} (${actorKindOf(act.code) ?? '<unknown>'})\n`)
      ctx.stdout.write(`Head:\t\t${act.head}\n`)
    }),
}

const stateNetworkName: Command = {
  name: 'network-name',
  usage: 'Print the name of the network the node is on',
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      ctx.stdout.write(`${await a.StateNetworkName()}\n`)
    }),
}

/** Lotus `printMsg`. */
export function formatLookup(asked: CID, l: MsgLookupJson | null): string {
  if (!l) return 'message was not found on chain\n'
  let out = ''
  if (!l.message.equals(asked)) out += `Message was replaced: ${l.message}\n`
  out += `Executed in tipset: [${l.tipSet.cids.map(String).join(' ')}]\n`
  out += `Exit Code: ${l.receipt.exitCode}\n`
  out += `Gas Used: ${l.receipt.gasUsed}\n`
  out += `Return: ${toHex(l.receipt.return)}\n`
  if (l.receipt.eventsRoot) out += `Events Root: ${l.receipt.eventsRoot}\n`
  return out
}

const stateWaitMsg: Command = {
  name: 'wait-msg',
  aliases: ['wait-message'],
  usage: 'Wait for a message to appear on chain',
  argsUsage: '[messageCid]',
  flags: [{ name: 'confidence', kind: 'int', usage: '', default: 5 }],
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      const cid = cidArg(oneArg(ctx, 'message cid to wait for'), 'message cid')
      const conf = bigArg(str(ctx, 'confidence') || '5', '--confidence')
      ctx.stdout.write(formatLookup(cid, await a.StateWaitMsg(cid, conf, -1n, true)))
    }),
}

const stateSearchMsg: Command = {
  name: 'search-msg',
  aliases: ['search-message'],
  usage: 'Search to see whether a message has appeared on chain',
  argsUsage: '[messageCid]',
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      const cid = cidArg(oneArg(ctx, 'message cid to search for'), 'message cid')
      ctx.stdout.write(formatLookup(cid, await a.StateSearchMsg(HEAD, cid, -1n, true)))
    }),
}

export const stateCmd: Command = {
  name: 'state',
  usage: 'Interact with and query filecoin chain state',
  subcommands: [
    statePower,
    stateSectors,
    stateListActors,
    stateListMiners,
    stateSector,
    stateGetActor,
    stateLookup,
    stateSectorSize,
    stateReadState,
    stateCall,
    stateWaitMsg,
    stateSearchMsg,
    stateMinerInfo,
    stateNetworkName,
    stateMinerProvingDeadline,
  ],
}
