/**
 * What the `lotus state` query commands share (lotus cli/state.go): the `--tipset` flag and LoadTipSet /
 * ParseTipSetRef (comma-separated block CIDs, `@<height>` or `@head`; absent: the head), the argument
 * checks, the miner-actor check, and Lotus's power formatting (`SizeStr`, `DeciStr`, `BigDivFloat` `%0.4f`).
 */
import type { Client } from '../../api/client/client.ts'
import type { FullNodeMethods } from '../../api/full/index.ts'
import { actorKindOf } from '../../chain/actors/code-cids.ts'
import type { Address } from '../../core/address.ts'
import type { TipSet } from '../../core/tipset.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { type CommandContext, type Flag, str } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { addrArg, cidArg } from './chain-api.ts'

export type FullApi = Client<typeof FullNodeMethods>

/** Lotus puts it on `state`; here each query command carries it (`lotus state power --tipset @10`). */
export const TIPSET_FLAG: Flag = {
  name: 'tipset',
  kind: 'string',
  usage: 'specify tipset to call method on (pass comma separated array of cids)',
}

/** Lotus ParseTipSetRef: `@head`, `@<height>` or comma-separated block CIDs. */
export async function parseTipSetRef(api: FullApi, ref: string): Promise<TipSet> {
  if (ref.startsWith('@')) {
    if (ref === '@head') return api.ChainHead()
    const m = /^@(\d+)$/.exec(ref)
    if (!m) throw new CliError(`parsing height tipset ref: ${JSON.stringify(ref)} is not @<height> or @head`)
    return api.ChainGetTipSetByHeight(Number(m[1]!), TipSetKey.EMPTY)
  }
  const cids = ref.split(',').map((s) => cidArg(s.trim(), 'tipset block cid'))
  return api.ChainGetTipSet(new TipSetKey(cids))
}

/** Lotus LoadTipSet: the `--tipset` one, else the head (fetched once so every call sees the same state). */
export function loadTipSet(ctx: CommandContext, api: FullApi): Promise<TipSet> {
  const ref = str(ctx, 'tipset')
  return ref ? parseTipSetRef(api, ref) : api.ChainHead()
}

/** The arguments when there are exactly `n` (Lotus IncorrectNumArgs otherwise). */
export function exactArgs(ctx: CommandContext, n: number): readonly string[] {
  if (ctx.args.length !== n) throw incorrectNumArgs(ctx.args.length)
  return ctx.args
}

/** The address when its actor is a storage miner in `ts` (an error naming the actor otherwise). */
export async function minerArg(api: FullApi, text: string, ts: TipSet): Promise<Address> {
  const maddr = addrArg(text, 'miner address')
  const act = await api.StateGetActor(maddr, ts.key)
  if (actorKindOf(act.code) !== 'storageminer')
    throw new CliError(`provided address ${maddr} does not correspond to a miner actor (${actorKindOf(act.code)})`)
  return maddr
}

/** Lotus `%0.4f` of types.BigDivFloat(a*100, b): a percentage to 4 places ('NaN' when b is zero). */
export function percent(a: bigint, b: bigint): string {
  return b === 0n ? 'NaN' : (Number((a * 100n * 10n ** 8n) / b) / 1e8).toFixed(4)
}
