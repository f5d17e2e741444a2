/** Expected Consensus: elections, tickets, weight, base fee and block validation checks. */
export * from './base-fee.ts'
export * from './block-context.ts'
export * from './execution-checks.ts'
export * from './header-checks.ts'
export * from './message-checks.ts'
export * from './message-validity.ts'
export { divEuclid, expneg, lambda, Poisson, Q256_ONE } from './q256.ts'
export * from './state-view.ts'
export * from './time.ts'
export * from './vrf.ts'
export * from './weight.ts'
export * from './win-count.ts'

import { executionChecks } from './execution-checks.ts'
import { headerChecks } from './header-checks.ts'
import { messageChecks } from './message-checks.ts'
/** Every block validation rule, as named checks: header-level, message-level, then against execution. */
export const blockValidationChecks = {
  header: headerChecks,
  messages: messageChecks,
  execution: executionChecks,
} as const
