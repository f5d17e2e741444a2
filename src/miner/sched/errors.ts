/** The scheduler's typed errors. */
import { ErrorCode, LotusError } from '../../util/errors.ts'

/** A task that failed on its worker (the worker's message kept). */
export class TaskFailedError extends LotusError {
  constructor(
    readonly callId: string,
    readonly task: string,
    message: string,
  ) {
    super(ErrorCode.Internal, `call ${callId} (${task}) failed: ${message}`)
    this.name = 'TaskFailedError'
  }
}

/** A call the user aborted (`lotus-miner sealing abort`). */
export class CallAbortedError extends LotusError {
  constructor(readonly callId: string) {
    super(ErrorCode.Conflict, `call ${callId} aborted`)
    this.name = 'CallAbortedError'
  }
}
