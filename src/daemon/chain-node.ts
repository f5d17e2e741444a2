/**
 * The chain inside the daemon: the block store (LMDB under `<repo>/datastore/chain`), the chain store's
 * indices (`<repo>/datastore/chain-index`), the genesis (made from a template, loaded from a CAR, or the
 * one the repo already holds), the local beacon (whose key the daemon that makes the genesis creates), the
 * state manager and the message pool following head changes.
 * Lotus's rule: a repo keeps its genesis; a different one given later is refused.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { blockHeaderCid } from '../core/block-header.ts'
import { loadGenesisCar, writeGenesisCar } from '../chain/genesis/car.ts'
import { makeGenesisBlock } from '../chain/genesis/genblock.ts'
import { templateFromJson } from '../chain/genesis/template.ts'
import { latestBeaconEntry } from '../chain/beacon/latest.ts'
import { MessagePool } from '../chain/mpool/message-pool.ts'
import { Syncer } from '../chain/sync/syncer.ts'
import { StateManager } from '../chain/state-manager/state-manager.ts'
import { ChainStore } from '../chain/store/chain-store.ts'
import { LmdbBlockstore } from '../ipld/lmdb-blockstore.ts'
import type { BeaconEntry } from '../core/beacon-entry.ts'
import type { CID } from '../core/cid.ts'
import type { TipSet } from '../core/tipset.ts'
import type { SignedMessage } from '../core/signed-message.ts'
import { LocalBeacon } from '../chain/beacon/local-beacon.ts'
import type { KeyStore } from '../wallet/keystore.ts'
import { beaconSecretKey, beaconKeyForGenesis } from './beacon-key.ts'
import { LocalMessageFile } from './local-messages.ts'
import { networkPolicy } from '../chain/actors/miner/policy.ts'
import type { ChainPolicy } from '../chain/vm/policy.ts'
import type { NetworkProfile } from '../params/profile.ts'
import { errorMessage, InvalidError, NotFoundError } from '../util/errors.ts'
import { logger } from '../util/log.ts'
import { blockProofVerifier } from './block-proofs.ts'
import { vanillaProofVerifier } from './proof-verifier.ts'

export interface GenesisSource {
  /** A genesis CAR to load (`--genesis`). */
  genesisCar?: string
  /** Make a genesis from `template` and write its CAR to `out` (`--lotus-make-genesis`, `--genesis-template`). */
  makeGenesis?: { out: string; template: string }
}

export interface ChainNode {
  readonly blockstore: LmdbBlockstore
  /** The chain's local beacon (produces entries when this node holds the beacon key). */
  readonly beacon: LocalBeacon
  readonly chain: ChainStore
  readonly sm: StateManager
  readonly mpool: MessagePool
  /** Validates submitted blocks and adds them to the chain (SyncSubmitBlock, SyncCheckBad). */
  readonly syncer: Syncer
  /** The latest beacon entry on the chain ending at `ts`. */
  latestBeacon(ts: TipSet): Promise<BeaconEntry>
  /** Pushes a message of this node's own (MpoolPush, MpoolPushMessage): kept across restarts. */
  pushLocal(sm: SignedMessage): Promise<CID>
  close(): Promise<void>
}

const log = logger('chain')

/** Opens the chain of the repo at `repoPath`; undefined when it has no genesis and none was given. */
export async function openChain(
  repoPath: string,
  profile: NetworkProfile,
  src: GenesisSource,
  keystore: KeyStore,
): Promise<ChainNode | undefined> {
  const blockstore = LmdbBlockstore.open({ path: join(repoPath, 'datastore', 'chain') })
  let chain: ChainStore | undefined
  try {
    chain = await ChainStore.open(
      { blockstore },
      { path: join(repoPath, 'datastore', 'chain-index'), finality: profile.finality },
    )
    await setGenesis(chain, blockstore, src, keystore, networkPolicy(profile))
    if (chain.getHead() === null) {
      await chain.close()
      await blockstore.close()
      return undefined
    }
    const secretKey = beaconSecretKey(keystore)
    const beacon = LocalBeacon.fromGenesis(await chain.getGenesis(), {
      blockDelaySecs: profile.blockDelaySecs,
      ...(secretKey ? { secretKey } : {}),
    })
    const sm = new StateManager({ chain, store: blockstore, proofs: vanillaProofVerifier(), beacon }, { profile })
    const mpool = new MessagePool(sm.mpoolProvider(), { profile })
    const now = () => Date.now() / 1000
    const c0 = chain
    const latestBeacon = (ts: TipSet) => latestBeaconEntry(c0, ts)
    const syncer = new Syncer({ sm, proofs: blockProofVerifier({ sm, beacon }), latestBeacon, now })
    const local = new LocalMessageFile(join(repoPath, 'datastore', 'mpool-local.cbor'))
    const localSenders = new Set<string>()
    const saveLocal = () => {
      try {
        local.save(mpool.pending().filter((m) => localSenders.has(m.message.from.key)))
      } catch (err) {
        log.error('saving local messages failed', { error: errorMessage(err) })
      }
    }
    for (const m of local.load()) {
      localSenders.add(m.message.from.key)
      await mpool
        .push(m, { publish: false })
        .catch((err) =>
          log.warn('dropping a saved local message', { error: errorMessage(err), nonce: m.message.nonce.toString() }),
        )
    }
    const unsubscribe = chain.subscribe((changes) => {
      mpool
        .applyHeadChanges(changes)
        .then(saveLocal)
        .catch((err) => log.error('mpool head change failed', { error: errorMessage(err) }))
    })
    const c = chain
    return {
      blockstore,
      beacon,
      chain: c,
      sm,
      mpool,
      syncer,
      latestBeacon,
      pushLocal: async (m) => {
        const cid = await mpool.push(m)
        localSenders.add(m.message.from.key)
        saveLocal()
        return cid
      },
      close: async () => {
        unsubscribe()
        await c.close()
        await blockstore.close()
      },
    }
  } catch (err) {
    await chain?.close()
    await blockstore.close()
    throw err
  }
}

async function repoGenesisCid(chain: ChainStore) {
  try {
    return blockHeaderCid(await chain.getGenesis())
  } catch (err) {
    if (err instanceof NotFoundError) return undefined
    throw err
  }
}

async function setGenesis(
  chain: ChainStore,
  bs: LmdbBlockstore,
  src: GenesisSource,
  keystore: KeyStore,
  policy: ChainPolicy,
): Promise<void> {
  const have = await repoGenesisCid(chain)
  if (src.makeGenesis) {
    if (have) throw new InvalidError(`--lotus-make-genesis: the repo already has a genesis (${have})`)
    const template = templateFromJson(readFileSync(src.makeGenesis.template, 'utf8'))
    const g = await makeGenesisBlock(bs, template, { beaconPublicKey: beaconKeyForGenesis(keystore), policy })
    await writeGenesisCar(bs, g.cid, src.makeGenesis.out)
    log.info('genesis made', { cid: g.cid.toString(), car: src.makeGenesis.out, network: template.networkName })
    await chain.setGenesis(g.header)
    return
  }
  if (src.genesisCar) {
    const g = await loadGenesisCar(src.genesisCar, bs)
    if (have && !have.equals(g.cid))
      throw new InvalidError(
        `genesis in the repo (${have}) is not the one in ${src.genesisCar} (${g.cid}): use a fresh repo for another network`,
      )
    if (!have) await chain.setGenesis(g.header)
  }
}
