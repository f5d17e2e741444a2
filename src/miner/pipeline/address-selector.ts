/**
 * Which address sends a miner message (Lotus storage/ctladdr `AddressSelector.AddressFor`): the configured
 * `[Addresses]` list for the use (PreCommitControl, CommitControl, TerminateControl, DealPublishControl; for
 * PoSt and other uses the on-chain control addresses no list claims), then the worker unless
 * DisableWorkerFallback (and the list is not empty), then the owner unless DisableOwnerFallback. The first
 * candidate that is an on-chain control, owner or worker, holds at least `goodFunds` and whose key the
 * wallet has wins; otherwise the richest candidate above `minFunds` ("least bad"), else the worker.
 */
import { Address } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { errorMessage } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import type { MinerAddresses, PipelineApi } from './chain-api.ts'

export type AddrUse = 'PreCommit' | 'Commit' | 'Terminate' | 'DealPublish' | 'PoSt' | 'Other'

/** The `[Addresses]` section of the miner's config. */
export interface AddressConfig {
  readonly PreCommitControl: readonly string[]
  readonly CommitControl: readonly string[]
  readonly TerminateControl: readonly string[]
  readonly DealPublishControl: readonly string[]
  readonly DisableOwnerFallback: boolean
  readonly DisableWorkerFallback: boolean
}

export type SelectorApi = Pick<PipelineApi, 'StateLookupID' | 'StateAccountKey' | 'WalletBalance' | 'WalletHas'>

export interface SelectedAddress {
  readonly address: Address
  readonly balance: bigint
}

const log = logger('ctladdr')

/** The configured list of each use; PoSt and Other take the on-chain controls instead. */
const CONFIGURED: Readonly<Record<AddrUse, keyof AddressConfig | undefined>> = {
  PreCommit: 'PreCommitControl',
  Commit: 'CommitControl',
  Terminate: 'TerminateControl',
  DealPublish: 'DealPublishControl',
  PoSt: undefined,
  Other: undefined,
}

const key = (a: Address) => a.toString()

async function lookupId(api: SelectorApi, a: Address): Promise<Address | undefined> {
  if (a.protocol === 0) return a
  try {
    return await api.StateLookupID(a, TipSetKey.EMPTY)
  } catch (err) {
    log.warn('looking up control address', { address: a.toString(), error: errorMessage(err) })
    return undefined
  }
}

function configured(cfg: AddressConfig, name: keyof AddressConfig): Address[] {
  return (cfg[name] as readonly string[]).map((s) => Address.parse(s))
}

/** The candidates in order, before the checks (Lotus AddressFor). */
export async function candidates(
  api: SelectorApi,
  cfg: AddressConfig,
  mi: MinerAddresses,
  use: AddrUse,
): Promise<Address[]> {
  const list = CONFIGURED[use]
  let addrs: Address[] = []
  if (list) addrs = configured(cfg, list)
  else {
    const taken = new Set([key(mi.owner), key(mi.worker)])
    for (const name of ['PreCommitControl', 'CommitControl', 'TerminateControl', 'DealPublishControl'] as const) {
      for (const a of configured(cfg, name)) {
        const id = await lookupId(api, a)
        if (id) taken.add(key(id))
      }
    }
    addrs = mi.controls.filter((a) => !taken.has(key(a)))
  }
  if (addrs.length === 0 || !cfg.DisableWorkerFallback) addrs.push(mi.worker)
  if (!cfg.DisableOwnerFallback) addrs.push(mi.owner)
  return addrs
}

/** The address to send a message of `use` from (Lotus AddressFor + pickAddress). */
export async function selectAddress(
  api: SelectorApi,
  cfg: AddressConfig,
  mi: MinerAddresses,
  use: AddrUse,
  goodFunds: bigint,
  minFunds: bigint,
): Promise<SelectedAddress> {
  let leastBad = mi.worker
  let bestAvail = minFunds
  const ctl = new Set([...mi.controls, mi.owner, mi.worker].map(key))
  for (const cand of await candidates(api, cfg, mi, use)) {
    const addr = await lookupId(api, cand)
    if (!addr) continue
    if (!ctl.has(key(addr))) {
      log.warn('non-control address configured for sending messages', { address: cand.toString() })
      continue
    }
    let balance: bigint
    try {
      balance = await api.WalletBalance(addr)
    } catch (err) {
      log.error('checking control address balance', { address: addr.toString(), error: errorMessage(err) })
      continue
    }
    if (balance >= goodFunds) {
      try {
        const k = await api.StateAccountKey(addr, TipSetKey.EMPTY)
        if (await api.WalletHas(k)) return { address: addr, balance }
        log.error("don't have key", { key: k.toString(), address: addr.toString() })
      } catch (err) {
        log.error('checking control address key', { address: addr.toString(), error: errorMessage(err) })
      }
      continue
    }
    if (balance > bestAvail) {
      leastBad = addr
      bestAvail = balance
    }
    log.warn("address didn't have enough funds to send message", {
      address: addr.toString(),
      required: goodFunds.toString(),
      balance: balance.toString(),
    })
  }
  log.warn('no address had enough funds for the full message fee, selecting the least bad address', {
    address: leastBad.toString(),
    balance: bestAvail.toString(),
  })
  return { address: leastBad, balance: bestAvail }
}
