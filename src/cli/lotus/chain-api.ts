/** Shared helpers of the chain, state, send and mpool commands: the FullNode client and argument parsing. */
import { FullNodeMethods } from '../../api/full/index.ts'
import { Address } from '../../core/address.ts'
import { type CID, parseCid } from '../../core/cid.ts'
import { parseFil } from '../../core/token.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { errorMessage } from '../../util/errors.ts'
import { withApi } from '../framework/api.ts'
import type { CommandContext } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'

export const fullApi = <R>(ctx: CommandContext, fn: Parameters<typeof withApi<typeof FullNodeMethods, R>>[3]) =>
  withApi(ctx, FULLNODE_REPO, FullNodeMethods, fn)

/** The empty tipset key: the head. */
export const HEAD = new TipSetKey([])

const wrap = <T>(fn: () => T, what: string): T => {
  try {
    return fn()
  } catch (err) {
    throw new CliError(`${what}: ${errorMessage(err)}`)
  }
}

export const addrArg = (text: string, what = 'address'): Address => wrap(() => Address.parse(text), what)
export const cidArg = (text: string, what = 'cid'): CID => wrap(() => parseCid(text), what)
export const filArg = (text: string, what = 'amount'): bigint => wrap(() => parseFil(text), what)

/** A non-negative integer argument or flag value. */
export function bigArg(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) throw new CliError(`${what}: ${JSON.stringify(text)} is not a non-negative integer`)
  return BigInt(text)
}
