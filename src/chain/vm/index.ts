/** The VM: message application, gas, fees, the actor runtime and tipset execution. */
export { ActorError, OutOfGasError, actorErrors } from './actor-error.ts'
export { type ActorClass, ActorRegistry, type MethodDef, method, methodTable } from './actor-class.ts'
export {
  type ComputeTipSetStateParams,
  computeTipSetState,
  type TipSetBlock,
  TipSetExecutionError,
  type TipSetState,
} from './compute-tipset-state.ts'
export type {
  PoStSectorInfo,
  ProofVerifier,
  RandomnessSource,
  SealVerifyInfo,
  WindowPoStVerifyInfo,
} from './externs.ts'
export { computeGasOutputs, type GasOutputs, gasOverestimationBurn } from './fees.ts'
export { DEFAULT_PRICELIST, type GasPricelist, GasTracker, onChainMessageGas } from './gas.ts'
export { cronMessage, rewardMessage } from './implicit-messages.ts'
export { type ChainPolicy, DEFAULT_POLICY, policyFromProfile } from './policy.ts'
export type { Runtime, SendResult } from './runtime.ts'
export { type ApplyRet, IMPLICIT_MESSAGE_GAS_LIMIT, Vm, type VmDeps, type VmOptions } from './vm.ts'
