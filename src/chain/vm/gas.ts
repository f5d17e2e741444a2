/**
 * The gas schedule: a fixed price per operation, Filecoin-shaped (the numbers are Lotus's legacy-VM price
 * list `pricelistV0` as of the Calico upgrade, `lotus:chain/vm/gas_v0.go` / `gas.go`). A charge has a
 * compute part and a storage part; storage is multiplied by `storageGasMulti`.
 *
 * | operation | compute | storage (× 1300) |
 * |---|---|---|
 * | message on chain | 38863 | 36 + message bytes |
 * | return value on chain | 0 | return bytes |
 * | send (method invocation) | 29233, +27500 if value ≠ 0, +159672 for a value-only send, −5377 if method ≠ 0 | 0 |
 * | IPLD block read | 114617 | 0 |
 * | IPLD block write | 353640 | block bytes |
 * | create actor | 1108454 | 76 |
 * | delete actor | 0 | −76 |
 * | verify signature | secp 1637292, BLS 16598605 | 0 |
 * | hash (blake2b) | 31355 | 0 |
 */
import { SigType } from '../../core/signature.ts'
import { OutOfGasError } from './actor-error.ts'

export interface GasPricelist {
  storageGasMulti: bigint
  onChainMessageComputeBase: bigint
  onChainMessageStorageBase: bigint
  onChainMessageStoragePerByte: bigint
  onChainReturnValuePerByte: bigint
  sendBase: bigint
  sendTransferFunds: bigint
  sendTransferOnlyPremium: bigint
  sendInvokeMethod: bigint
  ipldGetBase: bigint
  ipldPutBase: bigint
  ipldPutPerByte: bigint
  createActorCompute: bigint
  createActorStorage: bigint
  verifySignature: Readonly<Record<number, bigint>>
  hashingBase: bigint
}

/** Lotus's legacy-VM price list (Calico). */
export const DEFAULT_PRICELIST: GasPricelist = {
  storageGasMulti: 1300n,
  onChainMessageComputeBase: 38863n,
  onChainMessageStorageBase: 36n,
  onChainMessageStoragePerByte: 1n,
  onChainReturnValuePerByte: 1n,
  sendBase: 29233n,
  sendTransferFunds: 27500n,
  sendTransferOnlyPremium: 159672n,
  sendInvokeMethod: -5377n,
  ipldGetBase: 114617n,
  ipldPutBase: 353640n,
  ipldPutPerByte: 1n,
  createActorCompute: 1108454n,
  createActorStorage: 36n + 40n,
  verifySignature: { [SigType.Secp256k1]: 1637292n, [SigType.BLS]: 16598605n },
  hashingBase: 31355n,
}

/** Gas for including a message of `size` bytes on chain (the minimum gas limit a message may carry). */
export function onChainMessageGas(pl: GasPricelist, size: number): bigint {
  return (
    pl.onChainMessageComputeBase +
    (pl.onChainMessageStorageBase + pl.onChainMessageStoragePerByte * BigInt(size)) * pl.storageGasMulti
  )
}

/** Gas for a send: base, plus value transfer, plus method invocation (`OnMethodInvocation`). */
export function methodInvocationGas(pl: GasPricelist, value: bigint, method: bigint): bigint {
  let gas = pl.sendBase
  if (value !== 0n) {
    gas += pl.sendTransferFunds
    if (method === 0n) gas += pl.sendTransferOnlyPremium
  }
  if (method !== 0n) gas += pl.sendInvokeMethod
  return gas
}

export const ipldGetGas = (pl: GasPricelist): bigint => pl.ipldGetBase
export const ipldPutGas = (pl: GasPricelist, size: number): bigint =>
  pl.ipldPutBase + BigInt(size) * pl.ipldPutPerByte * pl.storageGasMulti
export const createActorGas = (pl: GasPricelist): bigint =>
  pl.createActorCompute + pl.createActorStorage * pl.storageGasMulti
export const returnValueGas = (pl: GasPricelist, size: number): bigint =>
  BigInt(size) * pl.onChainReturnValuePerByte * pl.storageGasMulti

/** Counts gas used by one message against its limit; throws OutOfGasError when a charge does not fit. */
export class GasTracker {
  used = 0n
  constructor(readonly limit: bigint) {}

  charge(amount: bigint, what: string): void {
    const next = this.used + amount
    if (next > this.limit) {
      const before = this.used
      this.used = this.limit
      throw new OutOfGasError(`not enough gas for ${what}: used ${before}, need ${amount} more, limit ${this.limit}`)
    }
    this.used = next < 0n ? 0n : next
  }
}
