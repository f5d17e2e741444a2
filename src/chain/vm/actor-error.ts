/**
 * Actor errors: a typed exception carrying a Filecoin exit code (core/exit-code.ts). An actor throws one to
 * abort its call; the VM turns it into the call's exit code and reverts the call's state changes. Running out
 * of gas is the one error an actor cannot catch: it unwinds the whole message.
 */
import { ExitCode, formatExitCode } from '../../core/exit-code.ts'

export class ActorError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(`${formatExitCode(exitCode)}: ${message}`)
    this.name = 'ActorError'
  }
}

/** The message ran out of gas; unwinds every nested call (actors never see it as a send result). */
export class OutOfGasError extends ActorError {
  constructor(message: string) {
    super(ExitCode.SysErrOutOfGas, message)
    this.name = 'OutOfGasError'
  }
}

/** Shorthands for the shared actor errors (builtin-actors `actor_error!`). */
export const actorErrors = {
  illegalArgument: (msg: string) => new ActorError(ExitCode.ErrIllegalArgument, msg),
  notFound: (msg: string) => new ActorError(ExitCode.ErrNotFound, msg),
  forbidden: (msg: string) => new ActorError(ExitCode.ErrForbidden, msg),
  insufficientFunds: (msg: string) => new ActorError(ExitCode.ErrInsufficientFunds, msg),
  illegalState: (msg: string) => new ActorError(ExitCode.ErrIllegalState, msg),
  serialization: (msg: string) => new ActorError(ExitCode.ErrSerialization, msg),
  unhandledMessage: (msg: string) => new ActorError(ExitCode.ErrUnhandledMessage, msg),
  notPayable: (msg: string) => new ActorError(ExitCode.ErrNotPayable, msg),
}
