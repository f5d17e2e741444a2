/**
 * `lotus send` (lotus cli/send.go): sends FIL (or calls a method) from the default or `--from` address.
 * Without `--nonce` the node fills nonce and gas and signs (MpoolPushMessage); with it, gas is estimated,
 * the message signed here through WalletSignMessage, and pushed with MpoolPush. Prints the message CID.
 */
import { Protocol } from '../../core/address.ts'
import type { Message } from '../../core/message.ts'
import { signedMessageCid } from '../../core/signed-message.ts'
import { fromHex } from '../../util/bytes.ts'
import { type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { addrArg, bigArg, filArg, fullApi, HEAD } from './chain-api.ts'

export const sendCmd: Command = {
  name: 'send',
  usage: 'Send funds between accounts',
  argsUsage: '[targetAddress] [amount]',
  flags: [
    { name: 'from', kind: 'string', usage: 'optionally specify the account to send funds from' },
    { name: 'gas-premium', kind: 'string', usage: 'specify gas price to use in AttoFIL', default: '0' },
    { name: 'gas-feecap', kind: 'string', usage: 'specify gas fee cap to use in AttoFIL', default: '0' },
    { name: 'gas-limit', kind: 'string', usage: 'specify gas limit', default: '0' },
    { name: 'nonce', kind: 'string', usage: 'specify the nonce to use', default: '0' },
    { name: 'method', kind: 'string', usage: 'specify method to invoke', default: '0' },
    { name: 'params-hex', kind: 'string', usage: 'specify invocation parameters in hex' },
  ],
  action: (ctx) =>
    fullApi(ctx, async (a) => {
      if (ctx.args.length !== 2) throw new CliError("'send' expects two arguments, target and amount")
      const to = addrArg(ctx.args[0]!, 'failed to parse target address')
      const value = filArg(ctx.args[1]!, 'failed to parse amount')
      const fromText = str(ctx, 'from')
      const from = fromText ? addrArg(fromText, 'failed to parse from address') : await a.WalletDefaultAddress()
      let params: Uint8Array = new Uint8Array(0)
      const hex = str(ctx, 'params-hex')
      if (hex) {
        try {
          params = fromHex(hex)
        } catch {
          throw new CliError('failed to decode hex params')
        }
      }
      const msg: Message = {
        version: 0,
        to,
        from,
        nonce: 0n,
        value,
        gasLimit: bigArg(str(ctx, 'gas-limit') || '0', '--gas-limit'),
        gasFeeCap: bigArg(str(ctx, 'gas-feecap') || '0', '--gas-feecap'),
        gasPremium: bigArg(str(ctx, 'gas-premium') || '0', '--gas-premium'),
        method: bigArg(str(ctx, 'method') || '0', '--method'),
        params,
      }
      if (!ctx.isSet('nonce')) {
        const sm = await a.MpoolPushMessage(msg, null)
        ctx.stdout.write(`${signedMessageCid(sm)}\n`)
        return
      }
      const withGas = await a.GasEstimateMessageGas(msg, null, HEAD)
      const key = from.protocol === Protocol.ID ? await a.StateAccountKey(from, HEAD) : from
      const signed = await a.WalletSignMessage(key, { ...withGas, nonce: bigArg(str(ctx, 'nonce'), '--nonce') })
      ctx.stdout.write(`${await a.MpoolPush(signed)}\n`)
    }),
}
