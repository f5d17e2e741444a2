/**
 * The checks that need the parent tipset executed (Lotus `consensus.RunAsyncChecks` "stateroot" and
 * receipts checks): the VM computes the parent's resulting state and receipts roots; these compare them
 * with what the header claims.
 */
import type { BlockHeader } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import { InvalidError } from '../../util/errors.ts'
import type { BlockCheck } from './header-checks.ts'

export interface ExecutionCheckContext {
  header: BlockHeader
  /** The state root and receipts root from executing the parent tipset. */
  computedStateRoot: CID
  computedReceiptsRoot: CID
}

export const executionChecks: readonly BlockCheck<ExecutionCheckContext>[] = [
  {
    name: 'parentStateRoot',
    run: ({ header, computedStateRoot }) => {
      if (!header.parentStateRoot.equals(computedStateRoot))
        throw new InvalidError(
          `parent state root did not match computed state (${header.parentStateRoot} != ${computedStateRoot})`,
        )
    },
  },
  {
    name: 'parentReceipts',
    run: ({ header, computedReceiptsRoot }) => {
      if (!header.parentMessageReceipts.equals(computedReceiptsRoot))
        throw new InvalidError(
          `parent receipts root did not match computed value (${computedReceiptsRoot} != ${header.parentMessageReceipts})`,
        )
    },
  },
]

/** Runs both execution checks; the first failure throws. */
export function validateExecution(ctx: ExecutionCheckContext): void {
  for (const check of executionChecks) check.run(ctx)
}
