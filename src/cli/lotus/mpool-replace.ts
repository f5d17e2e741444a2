/**
 * `lotus mpool replace` (lotus cli/mpool.go): re-sends a pending message with higher fees. `--auto` takes
 * the minimum replace-by-fee premium (Lotus ComputeRBF at ratio 1.25: premium·320/256 + 1) and lets the
 * node estimate the fee cap; otherwise `--gas-premium` and `--gas-feecap` are required.
 */
import { Protocol } from '../../core/address.ts'
import { type SignedMessage, signedMessageCid } from '../../core/signed-message.ts'
import { bool, type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { addrArg, bigArg, cidArg, filArg, fullApi, HEAD } from './chain-api.ts'

/** Lotus `ComputeRBF(premium, 1.25)`. */
export function minRbfPremium(premium: bigint): bigint {
  return (premium * 320n) / 256n + 1n
}

export const MessagePoolReplace: Command = {
  name: 'replace',
  usage: 'replace a message in the mempool',
  argsUsage: '<from> <nonce> | <message-cid>',
  flags: [
    {
      name: 'gas-feecap',
      kind: 'string',
      usage: 'gas feecap for new message (burn and pay to miner, attoFIL/GasUnit)',
    },
    { name: 'gas-premium', kind: 'string', usage: 'gas price for new message (pay to miner, attoFIL/GasUnit)' },
    { name: 'gas-limit', kind: 'string', usage: 'gas limit for new message (GasUnit)' },
    { name: 'auto', kind: 'bool', usage: 'automatically reprice the specified message' },
    {
      name: 'fee-limit',
      aliases: ['max-fee'],
      kind: 'string',
      usage:
        'Spend up to X FIL for this message in units of FIL. Previously when flag was `max-fee` units were in attoFIL. Applicable for auto mode',
    },
  ],
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      const pending = await a.MpoolPending(HEAD)
      let found: SignedMessage | undefined
      if (ctx.args.length === 1) {
        const cid = cidArg(ctx.args[0]!, 'message cid')
        found = pending.find((sm) => signedMessageCid(sm).equals(cid))
      } else if (ctx.args.length === 2) {
        const from = addrArg(ctx.args[0]!, 'from')
        const nonce = bigArg(ctx.args[1]!, 'nonce')
        found = pending.find((sm) => sm.message.from.equals(from) && sm.message.nonce === nonce)
      } else throw new CliError('expected either 1 or 2 arguments')
      if (!found) throw new CliError('no pending message found from the given address with the given nonce')
      let msg = found.message
      if (bool(ctx, 'auto')) {
        const premium = minRbfPremium(msg.gasPremium)
        const feeLimit = str(ctx, 'fee-limit')
        const spec = feeLimit ? { maxFee: filArg(feeLimit, '--fee-limit'), maximizeFeeCap: false } : null
        const est = await a.GasEstimateMessageGas({ ...msg, gasFeeCap: 0n, gasPremium: premium }, spec, HEAD)
        msg = { ...msg, gasFeeCap: est.gasFeeCap, gasPremium: premium }
        if (msg.gasFeeCap < msg.gasPremium) msg = { ...msg, gasFeeCap: msg.gasPremium }
      } else {
        const premium = str(ctx, 'gas-premium')
        const feeCap = str(ctx, 'gas-feecap')
        if (!premium || !feeCap) throw new CliError('must specify gas-premium and gas-feecap, or --auto')
        msg = { ...msg, gasPremium: bigArg(premium, '--gas-premium'), gasFeeCap: bigArg(feeCap, '--gas-feecap') }
        const limit = str(ctx, 'gas-limit')
        if (limit) msg = { ...msg, gasLimit: bigArg(limit, '--gas-limit') }
      }
      const key = msg.from.protocol === Protocol.ID ? await a.StateAccountKey(msg.from, HEAD) : msg.from
      const signed = await a.WalletSignMessage(key, msg)
      ctx.stdout.write(`new message cid: ${await a.MpoolPush(signed)}\n`)
    }),
}
