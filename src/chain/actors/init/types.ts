/** Init actor parameters and returns (`builtin-actors:actors/init/src/types.rs`). */
import { type Address, AddressCodec } from '../../../core/address.ts'
import type { CID } from '../../../core/cid.ts'
import { Bytes, Cid, type Codec, Str } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'

export interface InitConstructorParams {
  networkName: string
}
export const InitConstructorParamsCodec: Codec<InitConstructorParams> = tupleCodec<InitConstructorParams>(
  'InitConstructorParams',
  { networkName: ['NetworkName', Str] },
)

/** Exec `[CodeCID, ConstructorParams]`. */
export interface ExecParams {
  codeCid: CID
  constructorParams: Uint8Array
}
export const ExecParamsCodec: Codec<ExecParams> = tupleCodec<ExecParams>('ExecParams', {
  codeCid: ['CodeCID', Cid],
  constructorParams: ['ConstructorParams', Bytes],
})

/** Exec's return `[IDAddress, RobustAddress]`. */
export interface ExecReturn {
  idAddress: Address
  robustAddress: Address
}
export const ExecReturnCodec: Codec<ExecReturn> = tupleCodec<ExecReturn>('ExecReturn', {
  idAddress: ['IDAddress', AddressCodec],
  robustAddress: ['RobustAddress', AddressCodec],
})
