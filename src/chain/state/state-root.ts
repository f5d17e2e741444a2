/**
 * The state root (`lotus:chain/types/state.go` StateRoot): `[Version, Actors, Info]`. Version 5 is the
 * current state tree version (actors carry a delegated address); Info names an empty StateInfo tuple `[]`.
 */
import type { CID } from '../../core/cid.ts'
import { Cid, type Codec, Uint } from '../../core/codec.ts'
import { tupleCodec } from '../../core/tuple.ts'

export const STATE_TREE_VERSION = 5

export interface StateRoot {
  version: number
  actors: CID
  info: CID
}

export const StateRootCodec: Codec<StateRoot> = tupleCodec<StateRoot>('StateRoot', {
  version: ['Version', Uint],
  actors: ['Actors', Cid],
  info: ['Info', Cid],
})
