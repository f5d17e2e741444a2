/**
 * `lotus state call <to> <method> [params]` (lotus cli/state.go StateCallCmd): applies a message on the
 * state of a tipset without changing it and prints the receipt; `--ret decoded` decodes the return with
 * the called method's return codec (Lotus JsonReturn), or `raw`, `hex`, `base64`.
 */
import type { CID } from '../../core/cid.ts'
import { decode } from '../../core/codec.ts'
import { fromBase64, fromHex, toBase64, toHex } from '../../util/bytes.ts'
import { errorMessage } from '../../util/errors.ts'
import { type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { addrArg, filArg, fullApi } from './chain-api.ts'
import { goJsonIndent } from './state-list.ts'
import { loadTipSet, TIPSET_FLAG } from './state-tipset.ts'

/** Lotus JsonReturn: the return as indented JSON by the actor's method table, or `raw:<hex>; DECODE ERR: …`. */
async function jsonReturn(code: CID, method: bigint, ret: Uint8Array): Promise<string> {
  const { builtinActors } = await import('../../chain/actors/registry.ts')
  const def = builtinActors().get(code)?.methods.get(method)
  if (!def) throw new CliError(`method ${method} not found on actor ${code}`)
  if (!def.ret) return goJsonIndent(null)
  try {
    return goJsonIndent(def.ret.toJson(decode(def.ret, ret)))
  } catch (err) {
    return `raw:${toHex(ret)}; DECODE ERR: ${errorMessage(err)}`
  }
}

function paramsArg(ctx: CommandContext): Uint8Array {
  if (ctx.args.length <= 2) return new Uint8Array()
  const text = ctx.args[2]!
  const enc = str(ctx, 'encoding')
  const decoders: Record<string, (t: string) => Uint8Array> = { base64: fromBase64, hex: fromHex }
  const dec = decoders[enc]
  if (!dec) throw new CliError(`unrecognized encoding: ${enc}`)
  try {
    return dec(text)
  } catch (err) {
    throw new CliError(`decoding ${enc} value: ${errorMessage(err)}`)
  }
}

const RETURNS: Record<string, (b: Uint8Array) => string> = {
  raw: (b) => ` \n${new TextDecoder().decode(b)}`,
  hex: (b) => ` \n${toHex(b)}`,
  base64: (b) => ` \n${toBase64(b)}`,
}

export const stateCall: Command = {
  name: 'call',
  usage: 'Invoke a method on an actor locally',
  argsUsage: '[toAddress methodId params (optional)]',
  flags: [
    { name: 'from', kind: 'string', usage: '', default: 't00' },
    { name: 'value', kind: 'string', usage: 'specify value field for invocation', default: '0' },
    {
      name: 'ret',
      kind: 'string',
      usage: 'specify how to parse output (raw, decoded, base64, hex)',
      default: 'decoded',
    },
    { name: 'encoding', kind: 'string', usage: 'specify params encoding to parse (base64, hex)', default: 'base64' },
    TIPSET_FLAG,
  ],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      if (ctx.args.length < 2)
        throw new CliError('must specify at least actor and method to invoke', { showHelp: true })
      const to = addrArg(ctx.args[0]!, `given 'to' address ${JSON.stringify(ctx.args[0])} was invalid`)
      const from = addrArg(str(ctx, 'from'), `given 'from' address ${JSON.stringify(str(ctx, 'from'))} was invalid`)
      const ts = await loadTipSet(ctx, api)
      if (!/^\d+$/.test(ctx.args[1]!)) throw new CliError('must pass method as a number')
      const method = BigInt(ctx.args[1]!)
      const value = filArg(str(ctx, 'value'), "failed to parse 'value'")
      const msg = { version: 0, to, from, nonce: 0n, value, gasLimit: 0n, gasFeeCap: 0n, gasPremium: 0n, method }
      const r = await api.StateCall({ ...msg, params: paramsArg(ctx) }, ts.key)
      const { exitCode, gasUsed } = r.msgRct
      if (exitCode !== 0) throw new CliError(`invocation failed (exit: ${exitCode}, gasUsed: ${gasUsed}): ${r.error}`)
      let out = `Call receipt:\nExit code: ${exitCode}\nGas Used: ${gasUsed}\n`
      const mode = str(ctx, 'ret')
      if (mode === 'decoded') {
        const act = await api.StateGetActor(to, ts.key)
        out += `Return:\n${await jsonReturn(act.code, method, r.msgRct.return)}\n`
      } else if (RETURNS[mode]) out += `Return:${RETURNS[mode](r.msgRct.return)}\n`
      ctx.stdout.write(out)
    }),
}
