/**
 * The address a message of a given use is sent from (Lotus storage/ctladdr `AddressFor`). PoSt messages
 * (and any use without its own list) take the on-chain control addresses that are not the owner, the worker
 * or configured for another use; then the worker (unless `DisableWorkerFallback` and a control is left),
 * then the owner (unless `DisableOwnerFallback`). The first candidate whose key the wallet holds and whose
 * balance covers `goodFunds` wins; otherwise the richest usable one, with a warning.
 */
import type { Address } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { NotFoundError } from '../../util/errors.ts'
import type { Logger } from '../../util/log.ts'
import type { MinerConfig } from '../repo/config.ts'
import type { MinerInfoView, ProvingApi } from './chain-view.ts'

export type AddressUse = 'post' | 'precommit' | 'commit' | 'terminate' | 'deals' | 'other'

/** The `[Addresses]` list each use takes from the config (PoSt and others take on-chain controls). */
type ListKey = 'PreCommitControl' | 'CommitControl' | 'TerminateControl' | 'DealPublishControl'
const CONFIGURED: Readonly<Record<AddressUse, ListKey | undefined>> = {
  post: undefined,
  precommit: 'PreCommitControl',
  commit: 'CommitControl',
  terminate: 'TerminateControl',
  deals: 'DealPublishControl',
  other: undefined,
}

type Addresses = MinerConfig['Addresses']

/** The candidates for `use`, in order, before funds and keys are looked at. */
export function candidates(use: AddressUse, mi: MinerInfoView, cfg: Addresses, idOf: (a: string) => string): Address[] {
  const list = CONFIGURED[use]
  const configured = new Set(
    [...cfg.PreCommitControl, ...cfg.CommitControl, ...cfg.TerminateControl, ...cfg.DealPublishControl].map(idOf),
  )
  const onChain = new Set(mi.controlAddresses.map((a) => a.toString()))
  let out: Address[]
  if (list) out = mi.controlAddresses.filter((a) => cfg[list].map(idOf).includes(a.toString()))
  else
    out = mi.controlAddresses.filter(
      (a) =>
        a.toString() !== mi.owner.toString() && a.toString() !== mi.worker.toString() && !configured.has(a.toString()),
    )
  out = out.filter((a) => onChain.has(a.toString()))
  if (!(cfg.DisableWorkerFallback && out.length > 0)) out.push(mi.worker)
  if (!cfg.DisableOwnerFallback) out.push(mi.owner)
  return out
}

/** Picks the sender for `use` (see the file comment); NotFoundError when the wallet holds none of the keys. */
export async function addressFor(
  api: ProvingApi,
  use: AddressUse,
  mi: MinerInfoView,
  cfg: Addresses,
  goodFunds: bigint,
  log?: Logger,
): Promise<Address> {
  // Configured addresses may be key addresses; the chain lists ID addresses. Compare by what the chain lists.
  const keyToId = new Map<string, string>()
  for (const a of [...mi.controlAddresses, mi.owner, mi.worker]) {
    const key = await api.StateAccountKey(a, TipSetKey.EMPTY).catch(() => undefined)
    if (key) keyToId.set(key.toString(), a.toString())
  }
  const idOf = (a: string) => keyToId.get(a) ?? a
  let best: { addr: Address; balance: bigint } | undefined
  for (const a of candidates(use, mi, cfg, idOf)) {
    const key = await api.StateAccountKey(a, TipSetKey.EMPTY).catch(() => undefined)
    if (!key || !(await api.WalletHas(key))) continue
    const balance = await api.WalletBalance(key)
    if (balance >= goodFunds) return a
    if (!best || balance > best.balance) best = { addr: a, balance }
  }
  if (!best)
    throw new NotFoundError(`no ${use} address with a key in the wallet (owner ${mi.owner}, worker ${mi.worker})`)
  log?.warn('no address with enough funds; using the richest', { use, addr: best.addr.toString(), goodFunds })
  return best.addr
}
