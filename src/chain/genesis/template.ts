/**
 * The genesis template (`lotus:genesis/types.go` Template): what `lotus-seed genesis new` writes and
 * `lotus daemon --genesis-template` reads. JSON with Go field names; balances are decimal attoFIL strings.
 * Only `account` actors are built into a genesis here: multisig actors (Lotus's default VerifregRootKey
 * and RemainderAccount) are kept in the file for compatibility but not created. Miners are genesis.Miner
 * JSON objects (see miner.ts), built into the state by miners.ts.
 */
import { Address, Protocol } from '../../core/address.ts'
import { parseBigint } from '../../core/bigint.ts'
import { InvalidError } from '../../util/errors.ts'

/** Lotus `buildconstants.GenesisNetworkVersion` (2k and mainnet builds). */
export const GENESIS_NETWORK_VERSION = 28

/** The key behind Lotus's default verifreg root and remainder multisigs (`chain/gen/gen.go` remAccTestKey). */
export const DEFAULT_REMAINDER_SIGNER = 't1ceb34gnsc6qk5dt6n7xg6ycwzasjhbxm3iylkiy'

export type ActorType = 'account' | 'multisig'

/** A genesis actor: its type, balance and type-specific metadata (kept as parsed JSON). */
export interface TemplateActor {
  type: ActorType
  balance: bigint
  /** `{Owner}` for an account; `{Signers, Threshold, VestingDuration, VestingStart}` for a multisig. */
  meta: Record<string, unknown>
}

export interface GenesisTemplate {
  networkVersion: number
  accounts: TemplateActor[]
  /** Genesis miners as given (Lotus genesis.Miner JSON objects, parsed by `genesisMinerFromJson`). */
  miners: unknown[]
  networkName: string
  /** Unix seconds; 0 means "now" when the genesis is made. */
  timestamp: number
  verifregRootKey: TemplateActor
  remainderAccount: TemplateActor
}

const defaultMultisig = (): TemplateActor => ({
  type: 'multisig',
  balance: 0n,
  meta: { Signers: [DEFAULT_REMAINDER_SIGNER], Threshold: 1, VestingDuration: 0, VestingStart: 0 },
})

/** A fresh template (`lotus-seed genesis new`): no accounts or miners, Lotus's default multisigs. */
export function newTemplate(networkName: string, timestamp = 0): GenesisTemplate {
  return {
    networkVersion: GENESIS_NETWORK_VERSION,
    accounts: [],
    miners: [],
    networkName,
    timestamp,
    verifregRootKey: defaultMultisig(),
    remainderAccount: defaultMultisig(),
  }
}

/** An account entry owning `owner` (a key address) with `balance` attoFIL. */
export function accountActor(owner: Address, balance: bigint): TemplateActor {
  return { type: 'account', balance, meta: { Owner: owner.toString() } }
}

/** The key address an account entry owns; InvalidError when its meta has none. */
export function accountOwner(a: TemplateActor, where: string): Address {
  const owner = a.meta.Owner
  if (typeof owner !== 'string') throw new InvalidError(`${where}: account meta has no Owner address`)
  const addr = Address.parse(owner)
  if (addr.protocol !== Protocol.SECP256K1 && addr.protocol !== Protocol.BLS)
    throw new InvalidError(`${where}: account owner ${owner} is not a key address (f1/f3)`)
  return addr
}

function actorToJson(a: TemplateActor): Record<string, unknown> {
  return { Type: a.type, Balance: a.balance.toString(), Meta: a.meta }
}

/** The template as Lotus writes it (`json.MarshalIndent`, two spaces; Timestamp omitted when 0). */
export function templateToJson(t: GenesisTemplate): string {
  const out: Record<string, unknown> = {
    NetworkVersion: t.networkVersion,
    Accounts: t.accounts.map(actorToJson),
    Miners: t.miners,
    NetworkName: t.networkName,
  }
  if (t.timestamp !== 0) out.Timestamp = t.timestamp
  out.VerifregRootKey = actorToJson(t.verifregRootKey)
  out.RemainderAccount = actorToJson(t.remainderAccount)
  return JSON.stringify(out, null, 2)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function actorFromJson(v: unknown, where: string): TemplateActor {
  if (!isObject(v)) throw new InvalidError(`${where}: expected an object`)
  const type = v.Type
  if (type !== 'account' && type !== 'multisig')
    throw new InvalidError(`${where}: Type ${JSON.stringify(type)} is not "account" or "multisig"`)
  const bal = v.Balance ?? '0'
  if (typeof bal !== 'string' && typeof bal !== 'number') throw new InvalidError(`${where}: Balance is not a number`)
  const balance = parseBigint(String(bal), `${where}.Balance`)
  if (balance < 0n) throw new InvalidError(`${where}: Balance ${balance} is negative`)
  const meta = v.Meta ?? {}
  if (!isObject(meta)) throw new InvalidError(`${where}: Meta is not an object`)
  return { type, balance, meta }
}

function uintField(v: unknown, name: string, def: number): number {
  if (v === undefined || v === null) return def
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new InvalidError(`genesis template: ${name} ${JSON.stringify(v)} is not a non-negative integer`)
  return v
}

/** Parses a template file's text; InvalidError names the bad field. */
export function templateFromJson(text: string): GenesisTemplate {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (err) {
    throw new InvalidError(`genesis template: not JSON (${(err as Error).message})`)
  }
  if (!isObject(v)) throw new InvalidError('genesis template: expected a JSON object')
  const accounts = v.Accounts ?? []
  if (!Array.isArray(accounts)) throw new InvalidError('genesis template: Accounts is not a list')
  const miners = v.Miners ?? []
  if (!Array.isArray(miners)) throw new InvalidError('genesis template: Miners is not a list')
  if (typeof v.NetworkName !== 'string' || v.NetworkName === '')
    throw new InvalidError('genesis template: NetworkName is missing')
  return {
    networkVersion: uintField(v.NetworkVersion, 'NetworkVersion', GENESIS_NETWORK_VERSION),
    accounts: accounts.map((a, i) => actorFromJson(a, `genesis template: Accounts[${i}]`)),
    miners,
    networkName: v.NetworkName,
    timestamp: uintField(v.Timestamp, 'Timestamp', 0),
    verifregRootKey: v.VerifregRootKey
      ? actorFromJson(v.VerifregRootKey, 'genesis template: VerifregRootKey')
      : defaultMultisig(),
    remainderAccount: v.RemainderAccount
      ? actorFromJson(v.RemainderAccount, 'genesis template: RemainderAccount')
      : defaultMultisig(),
  }
}
