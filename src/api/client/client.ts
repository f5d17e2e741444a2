/**
 * The typed client derived from a method table: `client.WalletNew('secp256k1')` encodes params with the
 * table's codecs, calls `Filecoin.WalletNew` through a transport and decodes the result.
 */
import { METHOD_PREFIX, type MethodDef, type MethodTable, type ParamsOf, type ResultOf } from '../method.ts'
import type { Transport } from './transport.ts'

type ClientMethod<M> = M extends { stream: true }
  ? (...args: ParamsOf<M>) => Promise<AsyncIterable<ResultOf<M>>>
  : (...args: ParamsOf<M>) => Promise<ResultOf<M>>

export type Client<T extends MethodTable> = { readonly [K in keyof T]: ClientMethod<T[K]> }

export function createClient<T extends MethodTable>(table: T, transport: Transport): Client<T> {
  const out: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(table) as [string, MethodDef][]) {
    const wire = METHOD_PREFIX + name
    const encode = (args: unknown[]) => def.params.map((p, i) => p.codec.toJson(args[i]))
    if (def.stream) {
      out[name] = async (...args: unknown[]) => decodeStream(await transport.subscribe(wire, encode(args)), def, name)
    } else {
      out[name] = async (...args: unknown[]) => def.result.fromJson(await transport.call(wire, encode(args)), name)
    }
  }
  return out as Client<T>
}

async function* decodeStream(values: AsyncIterable<unknown>, def: MethodDef, name: string): AsyncIterable<unknown> {
  for await (const v of values) yield def.result.fromJson(v, name)
}
