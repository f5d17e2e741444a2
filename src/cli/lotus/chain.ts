/** `lotus chain …` (lotus cli/chain.go): head, getblock, list. */
import { BlockHeaderCodec } from '../../core/block-header.ts'
import { Cid } from '../../core/codec.ts'
import { MessageCodec } from '../../core/message.ts'
import { ReceiptCodec } from '../../core/receipt.ts'
import { SignedMessageCodec } from '../../core/signed-message.ts'
import type { TipSet } from '../../core/tipset.ts'
import { TipSetCodec } from '../../core/tipset.ts'
import { stringifyJson as stringify } from '../../util/json.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { bigArg, cidArg, fullApi, HEAD } from './chain-api.ts'

const chainHead: Command = {
  name: 'head',
  usage: 'Print chain head',
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      for (const c of (await a.ChainHead()).cids) ctx.stdout.write(`${c}\n`)
    }),
}

const chainGetBlock: Command = {
  name: 'getblock',
  usage: 'Get a block and print its details',
  argsUsage: '[blockCid]',
  flags: [{ name: 'raw', kind: 'bool', usage: 'print just the raw block header' }],
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      if (ctx.args.length !== 1) throw new CliError('must pass cid of block to print')
      const cid = cidArg(ctx.args[0]!, 'block cid')
      const h = await a.ChainGetBlock(cid)
      const header = BlockHeaderCodec.toJson(h) as Record<string, unknown>
      if (bool(ctx, 'raw')) {
        ctx.stdout.write(`${stringify(header, 2)}\n`)
        return
      }
      const msgs = await a.ChainGetBlockMessages(cid)
      const receipts = await a.ChainGetParentReceipts(cid)
      const parentMsgs = await a.ChainGetParentMessages(cid)
      const out = {
        ...header,
        BlsMessages: msgs.blsMessages.map((m) => MessageCodec.toJson(m)),
        SecpkMessages: msgs.secpkMessages.map((m) => SignedMessageCodec.toJson(m)),
        ParentReceipts: receipts.map((r) => ReceiptCodec.toJson(r)),
        ParentMessages: parentMsgs.map((m) => Cid.toJson(m.cid)),
      }
      ctx.stdout.write(`${stringify(out, 2)}\n`)
    }),
}

/** Go's time.Stamp layout (`Jan _2 15:04:05`), local time. */
function stamp(unix: number): string {
  const d = new Date(unix * 1000)
  const mon = d.toLocaleString('en-US', { month: 'short' })
  const day = String(d.getDate()).padStart(2, ' ')
  const p = (n: number) => String(n).padStart(2, '0')
  return `${mon} ${day} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** Lotus `printTipSet`: the placeholders of `--format` filled in. */
export function formatTipSet(format: string, ts: TipSet): string {
  const blocks = `[ ${ts.blocks.map((b, i) => `${ts.cids[i]}: ${b.miner},`).join('')} ]`
  let out = format.replaceAll('<epoch>', String(ts.height)).replaceAll('<height>', String(ts.height))
  out = out.replaceAll('<time>', stamp(ts.minTimestamp))
  out = out.replaceAll('<tipset>', ts.cids.map(String).join(','))
  out = out.replaceAll('<blocks>', blocks)
  if (out.includes('<json_tipset>')) out = out.replaceAll('<json_tipset>', stringify(TipSetCodec.toJson(ts)))
  return out.replaceAll('<weight>', String(ts.blocks[0]!.parentWeight))
}

async function list(ctx: CommandContext): Promise<void> {
  await fullApi(ctx, async (a) => {
    const height = str(ctx, 'epoch')
    let head = height ? await a.ChainGetTipSetByHeight(Number(bigArg(height, '--epoch')), HEAD) : await a.ChainHead()
    const count = Number(str(ctx, 'count') || '30')
    if (!Number.isSafeInteger(count)) throw new CliError(`--count: invalid value ${str(ctx, 'count')}`)
    if (count < 1) return
    const tss = [head]
    for (let i = 1; i < count && head.height > 0; i++) {
      head = await a.ChainGetTipSet(head.parents)
      tss.push(head)
    }
    const format = str(ctx, 'format') || '<epoch>: (<time>) <blocks>'
    for (const ts of tss.reverse()) ctx.stdout.write(`${formatTipSet(format, ts)}\n`)
  })
}

const chainList: Command = {
  name: 'list',
  aliases: ['love'],
  usage: 'View a segment of the chain',
  flags: [
    { name: 'epoch', aliases: ['height'], kind: 'string', usage: '(default: current head)' },
    { name: 'count', kind: 'int', usage: '', default: 30 },
    {
      name: 'format',
      kind: 'string',
      usage:
        'specify the format to print out tipsets using placeholders: <epoch>, <time>, <blocks>, <weight>, <tipset>, <json_tipset>',
      default: '<epoch>: (<time>) <blocks>',
    },
  ],
  action: list,
}

export const chainCmd: Command = {
  name: 'chain',
  usage: 'Interact with filecoin blockchain',
  subcommands: [chainHead, chainGetBlock, chainList],
}
