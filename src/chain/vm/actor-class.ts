/**
 * How actors plug into the VM: each actor is a class of methods keyed by method number, registered under
 * its code CID. The VM dispatches through the registry (code CID -> class -> method number -> method), so a
 * new actor (the storage miner) is one `registry.register(...)` away.
 */
import type { CID } from '../../core/cid.ts'
import type { Codec } from '../../core/codec.ts'
import { InvalidError } from '../../util/errors.ts'
import type { Runtime } from './runtime.ts'

/** One exported method: its parameter and return codecs (null: none) and its body. */
export interface MethodDef<P = unknown, R = unknown> {
  name: string
  params: Codec<P> | null
  ret: Codec<R> | null
  call(rt: Runtime, params: P): Promise<R>
}

export interface ActorClass {
  /** Readable name, e.g. "init". */
  name: string
  code: CID
  /** Method number -> method. Method 0 (plain send) never reaches an actor. */
  methods: ReadonlyMap<bigint, MethodDef>
}

/** Builds a method definition with its types checked against the codecs. */
export function method<P, R>(
  name: string,
  params: Codec<P> | null,
  ret: Codec<R> | null,
  call: (rt: Runtime, params: P) => Promise<R>,
): MethodDef {
  return { name, params, ret, call } as MethodDef
}

/** Builds a method table from `[number, method]` pairs. */
export function methodTable(entries: readonly (readonly [number, MethodDef])[]): ReadonlyMap<bigint, MethodDef> {
  return new Map(entries.map(([n, m]) => [BigInt(n), m]))
}

/** Code CID -> actor class. */
export class ActorRegistry {
  private readonly classes = new Map<string, ActorClass>()

  register(cls: ActorClass): this {
    const key = cls.code.toString()
    if (this.classes.has(key)) throw new InvalidError(`actor registry: code ${cls.code} (${cls.name}) registered twice`)
    this.classes.set(key, cls)
    return this
  }

  get(code: CID): ActorClass | undefined {
    return this.classes.get(code.toString())
  }

  has(code: CID): boolean {
    return this.classes.has(code.toString())
  }
}
