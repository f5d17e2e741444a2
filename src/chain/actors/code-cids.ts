/**
 * Builtin actor code CIDs, pre-FVM style (`lotus:chain/actors/builtin/builtin.go`, specs-actors
 * `MakeBuiltinCode`): a raw CID whose identity multihash holds the text `fil/<version>/<name>`. Actors here
 * are TypeScript classes, not Wasm, so the last pre-FVM actors version (7) names them.
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { IDENTITY, RAW } from '../../core/cid.ts'
import { utf8 } from '../../util/bytes.ts'

export const ACTORS_VERSION = 7

/** The actor kinds and their names in `fil/<version>/<name>`. */
export const ActorKind = {
  System: 'system',
  Init: 'init',
  Reward: 'reward',
  Cron: 'cron',
  Power: 'storagepower',
  Miner: 'storageminer',
  Market: 'storagemarket',
  PaymentChannel: 'paymentchannel',
  Multisig: 'multisig',
  Account: 'account',
  VerifiedRegistry: 'verifiedregistry',
} as const
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind]

function builtinCode(name: string): CID {
  return CID.createV1(RAW, Digest.create(IDENTITY, utf8(`fil/${ACTORS_VERSION}/${name}`)))
}

/** Code CID of each actor kind. */
export const CODE_CIDS: Readonly<Record<ActorKind, CID>> = Object.fromEntries(
  Object.values(ActorKind).map((k) => [k, builtinCode(k)]),
) as Record<ActorKind, CID>

const KIND_BY_CODE = new Map<string, ActorKind>(Object.values(ActorKind).map((k) => [CODE_CIDS[k].toString(), k]))

/** The kind of a builtin code CID, or undefined. */
export function actorKindOf(code: CID): ActorKind | undefined {
  return KIND_BY_CODE.get(code.toString())
}

export function isAccountCode(code: CID): boolean {
  return code.equals(CODE_CIDS.account)
}

/** Kinds whose actors sign messages (builtin-actors `CALLER_TYPES_SIGNABLE`; multisig too). */
export const SIGNABLE_KINDS: readonly ActorKind[] = [ActorKind.Account, ActorKind.Multisig]
