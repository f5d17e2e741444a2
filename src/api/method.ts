/**
 * API methods declared as data. A method names its permission, its params (each a name and a codec) and
 * its result codec; the server dispatch, the typed client, the permission check and the docs all read
 * these tables. A `stream` method returns a channel: over WebSocket the call answers with a channel id and
 * the values follow as `xrpc.ch.val` notifications (go-jsonrpc's channel protocol).
 */
import type { Codec } from '../core/codec.ts'

/** Lotus's permissions (go-jsonrpc/auth). A token holds a list; the check is membership, not a hierarchy. */
export const ALL_PERMISSIONS = ['read', 'write', 'sign', 'admin'] as const
export type Permission = (typeof ALL_PERMISSIONS)[number]

/** What a caller without a token may do. */
export const DEFAULT_PERMISSIONS: readonly Permission[] = ['read']

export interface Param<T> {
  readonly name: string
  readonly codec: Codec<T>
}

export function param<T>(name: string, codec: Codec<T>): Param<T> {
  return { name, codec }
}

export type Params<P extends readonly unknown[]> = { readonly [K in keyof P]: Param<P[K]> }

/** One method. Its name is its key in the table (the Go name, e.g. `WalletNew`; on the wire `Filecoin.WalletNew`). */
export interface MethodDef<P extends readonly unknown[] = readonly unknown[], R = unknown> {
  readonly perm: Permission
  readonly params: Params<P>
  /** The result codec; for a stream method, the codec of each value sent on the channel. */
  readonly result: Codec<R>
  /** True when the method returns a channel (WebSocket only). */
  readonly stream?: boolean
  readonly doc?: string
}

/** Declares a stream method (a channel of `result` values); see MethodDef.stream. */
export function streamMethod<const P extends readonly unknown[], R>(
  def: Omit<MethodDef<P, R>, 'stream'>,
): MethodDef<P, R> & { readonly stream: true } {
  return { ...def, stream: true }
}

/** Declares a method; the generic types come from the codecs. */
export function method<const P extends readonly unknown[], R>(def: MethodDef<P, R>): MethodDef<P, R> {
  return def
}

/** A table of methods keyed by name. */
// biome-ignore lint/suspicious/noExplicitAny: tables mix methods of every param and result type
export type MethodTable = Readonly<Record<string, MethodDef<any, any>>>

export type ParamsOf<M> = M extends MethodDef<infer P, unknown> ? P : never
export type ResultOf<M> = M extends MethodDef<readonly unknown[], infer R> ? R : never

/** The namespace every Lotus method lives in. */
export const METHOD_PREFIX = 'Filecoin.'

/** Builds a table from methods keyed by name (kept as one literal so names are declared once). */
export function tableOf<const T extends MethodTable>(methods: T): T {
  return methods
}

/** The union of method groups' tables as one table type (each group is a table keyed by method name). */
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never
export type GroupsTable<G extends readonly { methods: object }[]> = UnionToIntersection<G[number]['methods']>

/** One table from documented groups (the reference lists them in this order). */
export function tableOfGroups<const G extends readonly { name: string; methods: MethodTable }[]>(
  groups: G,
): GroupsTable<G> {
  return Object.assign({}, ...groups.map((g) => g.methods)) as GroupsTable<G>
}
