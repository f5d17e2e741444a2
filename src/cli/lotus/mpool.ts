/** `lotus mpool …` (lotus cli/mpool.go): pending, replace. */
import { MessagePoolReplace } from './mpool-replace.ts'
import { SignedMessageCodec, signedMessageCid } from '../../core/signed-message.ts'
import { stringifyJson } from '../../util/json.ts'
import { bool, type Command, str } from '../framework/command.ts'
import { addrArg, fullApi, HEAD } from './chain-api.ts'

const mpoolPending: Command = {
  name: 'pending',
  usage: 'Get pending messages',
  flags: [
    { name: 'local', kind: 'bool', usage: 'print pending messages for addresses in local wallet only' },
    { name: 'cids', kind: 'bool', usage: 'only print cids of messages in output' },
    { name: 'to', kind: 'string', usage: 'return messages to a given address' },
    { name: 'from', kind: 'string', usage: 'return messages from a given address' },
  ],
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      const to = str(ctx, 'to') ? addrArg(str(ctx, 'to'), '--to') : undefined
      const from = str(ctx, 'from') ? addrArg(str(ctx, 'from'), '--from') : undefined
      const local = bool(ctx, 'local') ? new Set((await a.WalletList()).map(String)) : undefined
      for (const sm of await a.MpoolPending(HEAD)) {
        const m = sm.message
        if (to && !m.to.equals(to)) continue
        if (from && !m.from.equals(from)) continue
        if (local && !local.has(m.from.toString())) continue
        ctx.stdout.write(
          bool(ctx, 'cids') ? `${signedMessageCid(sm)}\n` : `${stringifyJson(SignedMessageCodec.toJson(sm), 2)}\n`,
        )
      }
    }),
}

export const mpoolCmd: Command = {
  name: 'mpool',
  usage: 'Manage message pool',
  subcommands: [mpoolPending, MessagePoolReplace],
}
