/**
 * The two APIs a `lotus-miner` chain command talks to, as Lotus's miner CLI does: the miner (for its actor
 * address and miner-side checks) and the daemon (`FULLNODE_API_INFO`, else the `LOTUS_PATH` repo's `api` and
 * `token` files) for what the chain says.
 */
import { type Client, createClient } from '../../api/client/client.ts'
import { parseApiInfo, rpcUrl } from '../../api/client/endpoint.ts'
import { httpTransport } from '../../api/client/http-transport.ts'
import { FullNodeMethods } from '../../api/full/index.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { readApiFiles, repoPath } from '../../api/repo/fs-repo.ts'
import type { Address } from '../../core/address.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { errorMessage } from '../../util/errors.ts'
import { withApi } from '../framework/api.ts'
import type { CommandContext } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'

export type FullApi = Client<typeof FullNodeMethods>
export type MinerApi = Client<typeof StorageMinerMethods>

/** Runs `fn` with a FullNode client for the daemon the miner uses. */
export async function withFullNode<R>(ctx: CommandContext, fn: (full: FullApi) => Promise<R>): Promise<R> {
  let info: { addr: string; token: string }
  try {
    const env = ctx.env.FULLNODE_API_INFO
    info = env ? parseApiInfo(env) : readApiFiles(repoPath(FULLNODE_REPO, undefined, ctx.env))
  } catch (err) {
    throw new CliError(`could not reach the daemon: set FULLNODE_API_INFO or LOTUS_PATH (${errorMessage(err)})`)
  }
  const transport = httpTransport({ url: rpcUrl(info.addr, 'http'), token: info.token || undefined })
  try {
    return await fn(createClient(FullNodeMethods, transport))
  } finally {
    await transport.close()
  }
}

/** Runs `fn` with the miner's API, the daemon's, and the miner's actor address. */
export function withMinerAndChain<R>(
  ctx: CommandContext,
  fn: (apis: { miner: MinerApi; full: FullApi; maddr: Address }) => Promise<R>,
): Promise<R> {
  return withApi(ctx, MINER_REPO, StorageMinerMethods, async (miner) => {
    const maddr = await miner.ActorAddress()
    return withFullNode(ctx, (full) => fn({ miner, full, maddr }))
  })
}
