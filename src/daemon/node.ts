/**
 * The daemon's composition root: `initDaemon(opts)` opens and locks the repo, loads the keystore, the API
 * secret and the host key, builds the wallet and the API, listens, and writes the `api` and `token`
 * files; `close()` tears down in reverse (the `api` file goes, the lock is released). One AbortSignal
 * reaches every subsystem.
 */
import { randomUUID } from 'node:crypto'
import { cachedVerifier } from '../api/auth.ts'
import { listenMultiaddr } from '../api/client/endpoint.ts'
import { FULL_API_VERSION, FullNodeMethods } from '../api/full/index.ts'
import { apiSecret, parseListen } from '../api/repo/api-secret.ts'
import { LockedRepo } from '../api/repo/fs-repo.ts'
import { createDispatcher } from '../api/server/dispatch.ts'
import type { RpcServerOptions } from '../api/server/limits.ts'
import { createRpcServer, type RpcServer } from '../api/server/rpc-server.ts'
import { setCurrentNetwork } from '../core/address.ts'
import type { NetworkProfile } from '../params/profile.ts'
import { devnetFromEnv } from '../params/profiles.ts'
import { NotFoundError } from '../util/errors.ts'
import { Lifecycle } from '../util/lifecycle.ts'
import { logger } from '../util/log.ts'
import { FsKeyStore } from '../wallet/keystore.ts'
import { LocalWallet } from '../wallet/wallet.ts'
import { AGENT, FULLNODE_REPO, type FullNodeConfig, KEYSTORE_PASSPHRASE_ENV, NODE_BUILD_VERSION } from './config.ts'
import { type ChainNode, type GenesisSource, openChain } from './chain-node.ts'
import { chainHandlers } from './handlers/chain.ts'
import { miningHandlers } from './handlers/mining.ts'
import { commonHandlers } from './handlers/common.ts'
import { chainStateReader, mpoolHandlers, stateHandlers } from './handlers/state.ts'
import { stateMinerHandlers } from './handlers/state-miner.ts'
import { stateSealingHandlers } from './handlers/state-sealing.ts'
import { EMPTY_STATE, type StateReader, walletHandlers } from './handlers/wallet.ts'
import { loadHostPeerId } from './host-key.ts'

export interface DaemonOptions {
  /** The repo directory (already resolved from --repo / LOTUS_PATH). */
  readonly repoPath: string
  /** Env for config overrides and the keystore passphrase. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv
  /** Network profile. Default: devnet. */
  readonly profile?: NetworkProfile
  /** RPC server limits (see api/server/limits.ts for defaults). */
  readonly rpc?: RpcServerOptions
  /** Where the genesis comes from when the repo has none (see chain-node.ts). */
  readonly genesis?: GenesisSource
}

export interface DaemonDeps {
  /** Chain state for balances and actors. Default: the empty state (no chain yet). */
  readonly state?: StateReader
}

export interface Daemon {
  readonly repo: LockedRepo<FullNodeConfig>
  readonly wallet: LocalWallet
  /** The chain (store, state manager, mpool); undefined when the repo has no genesis. */
  readonly chain: ChainNode | undefined
  /** The multiaddr the API listens on (what the `api` file holds). */
  readonly apiAddr: string
  readonly session: string
  /** Aborted when the daemon begins to stop. */
  readonly signal: AbortSignal
  /** Resolves once the daemon has fully stopped (by `close()` or the Shutdown method). */
  readonly closed: Promise<void>
  close(): Promise<void>
}

const log = logger('daemon')

export async function initDaemon(opts: DaemonOptions, deps: DaemonDeps = {}): Promise<Daemon> {
  const env = opts.env ?? process.env
  const profile = opts.profile ?? devnetFromEnv(env)
  setCurrentNetwork(profile.addressNetwork)
  const life = new Lifecycle('daemon', log)

  const repo = LockedRepo.open(opts.repoPath, FULLNODE_REPO, env)
  life.defer(() => repo.close())
  try {
    const listen = parseListen(repo.config.API.ListenAddress)
    const keystore = new FsKeyStore(repo.keystorePath, { passphrase: env[KEYSTORE_PASSPHRASE_ENV] || undefined })
    const secret = await apiSecret(keystore, repo, () => log.warn('Generating new API secret'))
    const peerId = loadHostPeerId(keystore)
    const wallet = new LocalWallet(keystore)
    const session = randomUUID()
    const chain = await openChain(repo.path, profile, opts.genesis ?? {}, keystore)
    if (chain) life.defer(() => chain.close())
    const node = (): ChainNode => {
      if (!chain)
        throw new NotFoundError(
          'the node has no chain: start the daemon with --genesis=<car> or --lotus-make-genesis=<car> --genesis-template=<json>',
        )
      return chain
    }

    const handlers = {
      ...commonHandlers({
        jwtSecret: secret,
        session,
        peerId,
        startTime: new Date(),
        buildVersion: NODE_BUILD_VERSION,
        agent: AGENT,
        blockDelaySecs: profile.blockDelaySecs,
        apiVersions: FULL_API_VERSION,
        closing: life.signal,
        shutdown: () => void life.close(),
      }),
      ...walletHandlers(wallet, deps.state ?? (chain ? chainStateReader(node) : EMPTY_STATE)),
      ...chainHandlers(node),
      ...stateHandlers(node),
      ...stateMinerHandlers(node),
      ...stateSealingHandlers(node),
      ...mpoolHandlers(node, wallet),
      ...miningHandlers(node, wallet),
    }
    const server: RpcServer = createRpcServer(
      { dispatcher: createDispatcher(FullNodeMethods, handlers), verify: cachedVerifier(secret) },
      opts.rpc,
    )
    const bound = await server.listen(listen.host, listen.port)
    life.defer(() => server.close())
    const apiAddr = listenMultiaddr(bound.host, bound.port)
    repo.setApiEndpoint(apiAddr)
    log.info('API listening', { addr: apiAddr, repo: repo.path })
    return { repo, wallet, chain, apiAddr, session, signal: life.signal, closed: life.closed, close: life.close }
  } catch (err) {
    await life.unwind()
    throw err
  }
}
