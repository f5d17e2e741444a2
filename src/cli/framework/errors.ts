/** Errors the CLI shows as-is (bad usage, refused input); the exit code is 1 unless told otherwise. */
import { ErrorCode, LotusError } from '../../util/errors.ts'

export class CliError extends LotusError {
  readonly exitCode: number
  /** Print the command's help after the message. */
  readonly showHelp: boolean
  constructor(message: string, opts: { exitCode?: number; showHelp?: boolean } = {}) {
    super(ErrorCode.Invalid, message)
    this.name = 'CliError'
    this.exitCode = opts.exitCode ?? 1
    this.showHelp = opts.showHelp ?? false
  }
}

/** Lotus's IncorrectNumArgs. */
export function incorrectNumArgs(got: number): CliError {
  return new CliError(`incorrect number of arguments, got ${got}`, { showHelp: true })
}
